/**
 * The stateless answer to a request that arrives malformed (RFC 3261 §8.2,
 * RFC 4475): decided on the raw text, read by a tolerant line reader, so a
 * request sip.js's parser cannot take at all still gets its 400 instead of
 * silence. Pure: it reads text and sends nothing.
 *
 * @remarks
 * The rules run in order and the first that applies decides; each is a
 * named function below with the reason it exists. A request none applies to
 * is sound and is routed as usual. An answer needs a Via to travel back
 * along (RFC 3261 §18.2.2), and an ACK is never answered: such a request is
 * refused without a response (dropped), which RFC 3261 allows for what
 * cannot be answered.
 */
import { isRequest, randomToken, type ParsedMessage } from './sip-message';

/** What to answer a malformed request with. */
export interface RequestRefusal {
  readonly statusCode: 400 | 416 | 420 | 505;
  readonly reasonPhrase: string;
  /** Header lines the answer must carry besides the copied ones (420's Unsupported). */
  readonly extraHeaders: readonly string[];
}

/** A malformed request's verdict: the refusal, and the response text to send (undefined: nothing can be sent). */
export interface MalformedRequestAnswer extends RequestRefusal {
  readonly response: string | undefined;
}

/**
 * Option tags a request may Require of us: those the renderer's sip.js
 * announces in its Supported header (it always lists "outbound"; the
 * softphone turns "replaces" on for attended transfer).
 */
const SUPPORTED_OPTION_TAGS = new Set(['outbound', 'replaces']);

/** Headers a request carries at most once (RFC 3261 §7.3.1: only comma-list headers may repeat). */
const SINGLE_VALUED = ['from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length', 'content-type'] as const;

/** Headers without which a request is not a request (RFC 3261 §8.1.1). */
const MANDATORY = ['via', 'from', 'to', 'call-id', 'cseq'] as const;

const UTF8 = new TextEncoder();

/** RFC 3261 §7.3.3 compact header names. */
const COMPACT_NAMES: Readonly<Record<string, string>> = {
  i: 'call-id',
  f: 'from',
  t: 'to',
  v: 'via',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  e: 'content-encoding',
  k: 'supported',
  s: 'subject',
};

/** A request as the tolerant line reader sees it: request line, unfolded headers and body. */
export interface RawRequest {
  readonly method: string;
  readonly uri: string;
  readonly version: string;
  /** Header values by lower-case full name, in order of appearance. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
}

/**
 * Reads a request without judging it: undefined for anything whose first
 * line is not `method SP Request-URI SP SIP-version` (a response, garbage).
 * Header lines without a colon are skipped; folded lines are unfolded.
 */
export function readRawRequest(text: string): RawRequest | undefined {
  const headerEnd = text.indexOf('\r\n\r\n');
  const head = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const body = headerEnd < 0 ? '' : text.slice(headerEnd + 4);
  const [firstLine = '', ...lines] = head.split(/\r?\n/);
  const words = firstLine.trim().split(/[ \t]+/);
  if (words.length < 3 || /^SIP\//i.test(words[0]!) || !/^SIP\//i.test(words[words.length - 1]!)) return undefined;
  const headers = new Map<string, string[]>();
  let last: { name: string; values: string[] } | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last) {
      last.values[last.values.length - 1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      last = undefined;
      continue;
    }
    const written = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT_NAMES[written] ?? written;
    const values = headers.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(name, values);
    last = { name, values };
  }
  return {
    method: words[0]!,
    uri: words.slice(1, -1).join(' '),
    version: words[words.length - 1]!,
    headers,
    body,
  };
}

type Rule = (request: RawRequest, parsed: ParsedMessage | undefined) => RequestRefusal | undefined;

const badRequest = (reasonPhrase: string): RequestRefusal => ({ statusCode: 400, reasonPhrase, extraHeaders: [] });
const first = (request: RawRequest, name: string): string | undefined => request.headers.get(name)?.[0];

/** RFC 3261 §8.2 / RFC 4475 "badvers": we speak SIP/2.0 only, and say so with 505. */
const unsupportedVersion: Rule = (request) =>
  request.version.toUpperCase() === 'SIP/2.0' ? undefined : { statusCode: 505, reasonPhrase: 'Version Not Supported', extraHeaders: [] };

/** RFC 3261 §8.2.2.1 / RFC 4475 "unkscm": a Request-URI scheme other than sip(s) gets 416. */
const unsupportedUriScheme: Rule = (request) => {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(request.uri)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'sip' || scheme === 'sips' ? undefined : { statusCode: 416, reasonPhrase: 'Unsupported URI Scheme', extraHeaders: [] };
};

/** RFC 4475 §3.1.2 (badinv01, quotbal, lwsruri, …): text the grammar does not admit is a bad request. */
const unparsable: Rule = (_request, parsed) => (parsed ? undefined : badRequest('Bad Request (unparsable)'));

/** RFC 3261 §8.1.1 / RFC 4475 "insuf": a request without its mandatory headers, or with one unreadable, is refused. */
const missingMandatoryHeader: Rule = (request, parsed) => {
  const missing = MANDATORY.find((name) => !request.headers.has(name));
  if (missing) return badRequest(`Missing ${missing} header`);
  const unreadable = parsed && isRequest(parsed) && (!parsed.ruri || !parsed.from || !parsed.to || !parsed.callId || !Number.isFinite(parsed.cseq));
  return unreadable ? badRequest('Bad Request (unreadable header)') : undefined;
};

/** RFC 4475 "multi01", "mcl01": two From, To, Call-ID, CSeq, … leave the request ambiguous. */
const repeatedSingleValuedHeader: Rule = (request) => {
  const repeated = SINGLE_VALUED.find((name) => (request.headers.get(name)?.length ?? 0) > 1);
  return repeated ? badRequest(`Repeated ${repeated} header`) : undefined;
};

/** RFC 3261 §18.3 / RFC 4475 "clerr", "ncl": a Content-Length that is no count, or longer than the body, is an error (a longer body is cut). */
const wrongContentLength: Rule = (request) => {
  const value = first(request, 'content-length');
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) return badRequest('Bad Content-Length');
  return Number(value) > UTF8.encode(request.body).length ? badRequest('Content-Length exceeds the body') : undefined;
};

/** RFC 3261 §8.1.1.5 / RFC 4475 "mismatch01/02": the CSeq method must be the request's method. */
const cseqMismatch: Rule = (request) => {
  const cseq = /^(\d+)[ \t]+(\S+)$/.exec(first(request, 'cseq') ?? '');
  if (!cseq) return badRequest('Bad CSeq');
  return cseq[2] === request.method ? undefined : badRequest('CSeq method differs from the request');
};

/** RFC 3261 §8.1.1.5, §20.22 / RFC 4475 "scalar02": CSeq below 2^31, Max-Forwards 0–255. */
const scalarOutOfRange: Rule = (request) => {
  if (Number(/^\d+/.exec(first(request, 'cseq') ?? '')?.[0]) >= 2 ** 31) return badRequest('CSeq out of range');
  const maxForwards = first(request, 'max-forwards');
  return maxForwards === undefined || (/^\d+$/.test(maxForwards) && Number(maxForwards) <= 255) ? undefined : badRequest('Max-Forwards out of range');
};

/** RFC 3261 §19.1.1 / RFC 4475 "escruri": a Request-URI may not carry headers (`?…`). */
const headersInRequestUri: Rule = (request) => (request.uri.includes('?') ? badRequest('Headers in Request-URI') : undefined);

/** RFC 3261 §8.2.2.3 / RFC 4475 "bext01": a Require we do not support gets 420 listing it (never for CANCEL or ACK). */
const unsupportedRequirement: Rule = (request) => {
  if (request.method === 'CANCEL' || request.method === 'ACK') return undefined;
  const required = (request.headers.get('require') ?? []).flatMap((value) => value.split(',')).map((tag) => tag.trim()).filter(Boolean);
  const unsupported = required.filter((tag) => !SUPPORTED_OPTION_TAGS.has(tag.toLowerCase()));
  return unsupported.length === 0 ? undefined : { statusCode: 420, reasonPhrase: 'Bad Extension', extraHeaders: [`Unsupported: ${unsupported.join(', ')}`] };
};

const RULES: readonly Rule[] = [
  unsupportedVersion,
  unsupportedUriScheme,
  unparsable,
  missingMandatoryHeader,
  repeatedSingleValuedHeader,
  wrongContentLength,
  cseqMismatch,
  scalarOutOfRange,
  headersInRequestUri,
  unsupportedRequirement,
];

/** The first rule that refuses `request`; undefined for a sound request. */
export function refusalOf(request: RawRequest, parsed: ParsedMessage | undefined): RequestRefusal | undefined {
  for (const rule of RULES) {
    const refusal = rule(request, parsed);
    if (refusal) return refusal;
  }
  return undefined;
}

/**
 * The stateless answer for `text` when it is a malformed request; undefined
 * for a sound request and for anything that is not a request (a response,
 * garbage), which the caller routes or drops as before. `parsed` is sip.js's
 * parse of the same text (undefined when it could not parse it).
 */
export function answerMalformedRequest(text: string, parsed: ParsedMessage | undefined): MalformedRequestAnswer | undefined {
  if (parsed && !isRequest(parsed)) return undefined;
  const request = readRawRequest(text);
  if (!request) return undefined;
  const refusal = refusalOf(request, parsed);
  if (!refusal) return undefined;
  const isAnswerable = request.method !== 'ACK' && request.headers.has('via');
  return { ...refusal, response: isAnswerable ? buildRefusal(request, refusal) : undefined };
}

/** RFC 3261 §8.2.6: the response copies Via, From, Call-ID and CSeq, and To with a tag of ours. */
function buildRefusal(request: RawRequest, refusal: RequestRefusal): string {
  const lines = [`SIP/2.0 ${refusal.statusCode} ${refusal.reasonPhrase}`];
  for (const via of request.headers.get('via') ?? []) lines.push(`Via: ${via}`);
  const from = first(request, 'from');
  if (from !== undefined) lines.push(`From: ${from}`);
  const to = first(request, 'to');
  if (to !== undefined) lines.push(`To: ${/;[ \t]*tag[ \t]*=/i.test(to) ? to : `${to};tag=${randomToken()}`}`);
  const callId = first(request, 'call-id');
  if (callId !== undefined) lines.push(`Call-ID: ${callId}`);
  lines.push(`CSeq: ${first(request, 'cseq') ?? `0 ${request.method}`}`);
  lines.push(...refusal.extraHeaders, 'Content-Length: 0', '', '');
  return lines.join('\r\n');
}
