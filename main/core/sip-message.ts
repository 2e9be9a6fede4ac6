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
 * turn away an INVITE that no renderer could take (RFC 3261 §8.2.6).
 */
export function buildStatelessResponse(request: ParsedRequest, statusCode: number, reasonPhrase: string): string {
  const lines = [`SIP/2.0 ${statusCode} ${reasonPhrase}`];
  for (const via of request.getHeaders('via')) lines.push(`Via: ${via}`);
  lines.push(`From: ${request.getHeader('from') ?? ''}`);
  const to = request.getHeader('to') ?? '';
  lines.push(`To: ${request.toTag ? to : `${to};tag=${randomToken()}`}`);
  lines.push(`Call-ID: ${request.callId}`);
  lines.push(`CSeq: ${request.cseq} ${request.method}`);
  lines.push('Content-Length: 0', '', '');
  return lines.join('\r\n');
}

function randomToken(): string {
  return Math.random().toString(36).slice(2, 12);
}
