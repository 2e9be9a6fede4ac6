/**
 * Parsing of raw SIP text with sip.js's own parser, and the few stateless
 * replies main sends itself.
 */
import { Core } from 'sip.js';

export type ParsedRequest = Core.IncomingRequestMessage;
export type ParsedResponse = Core.IncomingResponseMessage;
export type ParsedMessage = ParsedRequest | ParsedResponse;

const quietLoggerFactory = new Core.LoggerFactory();
quietLoggerFactory.builtinEnabled = false;
const parserLogger = quietLoggerFactory.getLogger('sip.parser');

export function parseSipMessage(text: string): ParsedMessage | undefined {
  try {
    return Core.Parser.parseMessage(text, parserLogger);
  } catch {
    return undefined;
  }
}

export function isRequest(message: ParsedMessage): message is ParsedRequest {
  return message instanceof Core.IncomingRequestMessage;
}

const CALL_ID_HEADER = /^(?:call-id|i)[ \t]*:[ \t]*(\S+)/im;

/** Call-ID of a message we built ourselves (cheaper than a full parse). */
export function callIdOf(text: string): string | undefined {
  return CALL_ID_HEADER.exec(text)?.[1];
}

/**
 * A response built straight from a request, without a transaction: used to
 * answer what main takes no transaction for (RFC 3261 §8.2.6). The To-tag
 * is `toTag`, a fresh one when absent, none when null (100 Trying needs
 * none); a request that already carries one keeps it.
 */
export function buildStatelessResponse(request: ParsedRequest, statusCode: number, reasonPhrase: string, { toTag }: { toTag?: string | null } = {}): string {
  const lines = [`SIP/2.0 ${statusCode} ${reasonPhrase}`];
  for (const via of request.getHeaders('via')) lines.push(`Via: ${via}`);
  lines.push(`From: ${request.getHeader('from') ?? ''}`);
  const to = request.getHeader('to') ?? '';
  const tag = request.toTag || toTag === null ? undefined : (toTag ?? randomToken());
  lines.push(`To: ${tag ? `${to};tag=${tag}` : to}`);
  lines.push(`Call-ID: ${request.getHeader('call-id') ?? ''}`);
  lines.push(`CSeq: ${request.getHeader('cseq') ?? `0 ${request.method}`}`);
  lines.push('Content-Length: 0', '', '');
  return lines.join('\r\n');
}

/** A To-tag of our own, for the responses main sends itself. */
export function randomToken(): string {
  return Math.random().toString(36).slice(2, 12);
}
