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

/**
 * A response from the wire that main relays to the renderer after a scan of
 * its header section only (the renderer's sip.js parses it in full anyway):
 * every response whose top Via is the renderer's. The dialog table parses a
 * 2xx to an INVITE in full only if main ends that call itself (dialog-table.ts).
 */
export type RelayedResponse = SipSummary & { readonly isRequest: false; readonly statusCode: number };

const VIA_LINE = /^(?:via|v)[ \t]*:(.*)$/im;
const VIA_HOST = /^[ \t]*SIP[ \t]*\/[ \t]*2\.0[ \t]*\/[ \t]*[A-Za-z]+[ \t]+(\[[^\]]*\]|[^;:,\s]+)/i;

/**
 * The host of the topmost Via of a message, from its first Via header;
 * undefined when that header holds several values (sip.js then reads the
 * last one: such a message takes the full parse, to be routed as before).
 */
export function topViaHostOf(text: string): string | undefined {
  const headerEnd = text.indexOf('\r\n\r\n');
  const line = VIA_LINE.exec(headerEnd < 0 ? text : text.slice(0, headerEnd))?.[1];
  if (line === undefined || line.includes(',')) return undefined;
  return VIA_HOST.exec(line)?.[1];
}

/** The scan of a response (see {@link RelayedResponse}); undefined for a request or what cannot be scanned. */
export function summarizeRelayedResponse(text: string): RelayedResponse | undefined {
  if (!text.startsWith('SIP/2.0 ')) return undefined;
  const summary = summarizeSipMessage(text);
  if (!summary || summary.isRequest || summary.statusCode === undefined) return undefined;
  return summary as RelayedResponse;
}

export function isRequest(message: ParsedMessage | RelayedResponse): message is ParsedRequest {
  return message instanceof Core.IncomingRequestMessage;
}

const CALL_ID_HEADER = /^(?:call-id|i)[ \t]*:[ \t]*(\S+)/im;
const CSEQ_HEADER = /^CSeq[ \t]*:[ \t]*(\d+)[ \t]+(\S+)/im;
const TO_HEADER = /^(?:to|t)[ \t]*:[ \t]*(.*?)[ \t]*$/im;
const TAG_PARAM = /;[ \t]*tag[ \t]*=[ \t]*([^;\s>]+)/i;
const STATUS_LINE = /^SIP\/2\.0 (\d{3}) /;

/**
 * The few fields main reads from a message its own side built (the
 * renderer's sip.js): what the first line, Call-ID, CSeq and To say, found
 * by a scan of the header section instead of a full sip.js parse, which
 * costs tens to hundreds of times more. Never for what arrives from the
 * wire: that is parsed in full, and checked.
 */
export interface SipSummary {
  readonly text: string;
  readonly isRequest: boolean;
  /** The request's method, or a response's CSeq method. */
  readonly method: string;
  /** A response's status code; undefined for a request. */
  readonly statusCode: number | undefined;
  readonly callId: string;
  readonly cseq: number;
  /** The To header's value as written. */
  readonly to: string;
  readonly toTag: string | undefined;
}

/** Summarizes a message our side built; undefined when it lacks a first line, Call-ID, CSeq or To. */
export function summarizeSipMessage(text: string): SipSummary | undefined {
  const headerEnd = text.indexOf('\r\n\r\n');
  const headers = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const callId = CALL_ID_HEADER.exec(headers)?.[1];
  const cseq = CSEQ_HEADER.exec(headers);
  const to = TO_HEADER.exec(headers)?.[1];
  if (callId === undefined || !cseq || to === undefined) return undefined;
  const status = STATUS_LINE.exec(headers)?.[1];
  const method = status === undefined ? headers.slice(0, headers.indexOf(' ')) : cseq[2]!;
  if (!method) return undefined;
  return {
    text,
    isRequest: status === undefined,
    method,
    statusCode: status === undefined ? undefined : Number(status),
    callId,
    cseq: Number(cseq[1]),
    to,
    toTag: TAG_PARAM.exec(to.replace(/<[^>]*>/, ''))?.[1],
  };
}

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
