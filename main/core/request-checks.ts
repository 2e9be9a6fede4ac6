/**
 * What is wrong with a request that came from the wire, as the status to
 * answer it with (RFC 3261 §8.2, RFC 4475's invalid and semantic cases).
 *
 * @remarks
 * sip.js's parser accepts some requests a UAS must refuse (a CSeq method
 * that is not the request's, two Content-Lengths, a body shorter than its
 * Content-Length, SIP/7.0) and rejects others outright (it cannot parse
 * them at all). Both kinds get an answer here, so a peer is told instead of
 * waiting for a timeout, and nothing reaches sip.js that sip.js would
 * misread.
 */
import { buildStatelessResponse, isAnswerable, type ParsedRequest } from './sip-message';

export interface RequestProblem {
  readonly statusCode: 400 | 416 | 420 | 505;
  readonly reasonPhrase: string;
  /** Extra header lines for the answer (the Unsupported option tags of a 420). */
  readonly headers?: readonly string[];
}

/** Option tags a request may require of us: what sip.js or main handle, or ignore harmlessly. */
const SUPPORTED_OPTION_TAGS = new Set(['outbound', 'path', 'gruu', 'replaces', 'timer', '100rel', 'norefersub', 'tdialog', 'join']);
/** Headers that appear once in a request (compact forms mapped to their long names). */
const SINGLE_HEADERS = new Set(['from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length']);
const COMPACT_NAMES: Readonly<Record<string, string>> = { f: 'from', t: 'to', i: 'call-id', l: 'content-length', v: 'via', m: 'contact', c: 'content-type', k: 'supported', s: 'subject', e: 'content-encoding' };
const MAX_CSEQ = 2 ** 31 - 1;
const MAX_MAX_FORWARDS = 255;
const REQUEST_LINE = /^([A-Za-z!%*_+`'~.-]+) (\S+) (SIP\/\d+\.\d+)$/;

const BAD_REQUEST: RequestProblem = { statusCode: 400, reasonPhrase: 'Bad Request' };

/** The problem with a request sip.js parsed, or undefined for a sound one. */
export function requestProblem(request: ParsedRequest): RequestProblem | undefined {
  const text = request.data ?? '';
  if (!request.ruri) return /^\S+\s+sips?:/i.test(text) ? BAD_REQUEST : { statusCode: 416, reasonPhrase: 'Unsupported URI Scheme' };
  if (!request.from || !request.to || !request.callId || !Number.isFinite(request.cseq) || !request.via) return BAD_REQUEST;
  const { firstLine, headers, body } = splitMessage(text);
  const requestLine = REQUEST_LINE.exec(firstLine);
  if (requestLine && requestLine[3] !== 'SIP/2.0') return { statusCode: 505, reasonPhrase: 'Version Not Supported' };
  // Headers belong in the Request-URI of a redirect target, never in a request's own (RFC 3261 §19.1.5).
  if (requestLine?.[2]?.includes('?')) return BAD_REQUEST;
  if (request.cseq > MAX_CSEQ || (headerValues(headers, 'cseq')[0] ?? '').split(/\s+/)[1] !== request.method) return BAD_REQUEST;
  if ([...SINGLE_HEADERS].some((name) => headerValues(headers, name).length > 1)) return BAD_REQUEST;
  const maxForwards = headerValues(headers, 'max-forwards')[0];
  if (maxForwards !== undefined && !(/^\d+$/.test(maxForwards) && Number(maxForwards) <= MAX_MAX_FORWARDS)) return BAD_REQUEST;
  // A body shorter than announced is cut off; bytes after it are another message (RFC 4475 "dblreq") and are ignored.
  const contentLength = headerValues(headers, 'content-length')[0];
  if (contentLength !== undefined && (!/^\d+$/.test(contentLength) || Number(contentLength) > Buffer.byteLength(body))) return BAD_REQUEST;
  if (request.method !== 'ACK' && request.method !== 'CANCEL') {
    const unsupported = headerValues(headers, 'require')
      .flatMap((value) => value.split(','))
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '' && !SUPPORTED_OPTION_TAGS.has(tag.toLowerCase()));
    if (unsupported.length > 0) return { statusCode: 420, reasonPhrase: 'Bad Extension', headers: [`Unsupported: ${unsupported.join(', ')}`] };
  }
  return undefined;
}

/** The answer to a problem request, or undefined when it cannot or must not be answered (an ACK, no Via). */
export function answerToProblem(request: ParsedRequest, problem: RequestProblem): string | undefined {
  if (request.method === 'ACK' || !isAnswerable(request)) return undefined;
  const answer = buildStatelessResponse(request, problem.statusCode, problem.reasonPhrase);
  return problem.headers ? answer.replace('\r\nContent-Length: 0', `\r\n${problem.headers.join('\r\n')}\r\nContent-Length: 0`) : answer;
}

/**
 * A 400 for a request sip.js could not parse at all, built from its raw
 * header lines; undefined when it is not a request, is an ACK, or lacks
 * what an answer must echo (a Via, From, To, Call-ID and CSeq).
 */
export function answerToUnparsableRequest(text: string): string | undefined {
  const { firstLine, headers } = splitMessage(text);
  const method = /^([A-Za-z]+)[ \t]+\S/.exec(firstLine)?.[1];
  if (!method || method.toUpperCase() === 'ACK' || firstLine.startsWith('SIP/')) return undefined;
  const vias = headerValues(headers, 'via');
  const [from, to, callId, cseq] = ['from', 'to', 'call-id', 'cseq'].map((name) => headerValues(headers, name)[0]);
  if (vias.length === 0 || from === undefined || to === undefined || callId === undefined || cseq === undefined) return undefined;
  const tag = /;\s*tag=/i.test(to) ? '' : `;tag=${Math.random().toString(36).slice(2, 12)}`;
  return ['SIP/2.0 400 Bad Request', ...vias.map((via) => `Via: ${via}`), `From: ${from}`, `To: ${to}${tag}`, `Call-ID: ${callId}`, `CSeq: ${cseq}`, 'Content-Length: 0', '', ''].join('\r\n');
}

interface SplitMessage {
  readonly firstLine: string;
  /** Header lines, folded continuations joined. */
  readonly headers: readonly string[];
  readonly body: string;
}

function splitMessage(text: string): SplitMessage {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 4);
  const [firstLine = '', ...lines] = head.split('\r\n');
  const headers: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length > 0) headers[headers.length - 1] += ` ${line.trim()}`;
    else headers.push(line);
  }
  return { firstLine, headers, body };
}

/** Every value of header `name` (long name, lower case), one per header line. */
function headerValues(headers: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (const line of headers) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    if ((COMPACT_NAMES[raw] ?? raw) === name) values.push(line.slice(colon + 1).trim());
  }
  return values;
}
