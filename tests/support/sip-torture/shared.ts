/** Building blocks of the RFC 4475 torture messages. */
import type { TortureCase } from '../sip-torture-messages';

export const CRLF = '\r\n';

/** RFC 4475's SDP, with `host` as origin and connection address. */
export function sdp(host: string): string {
  return ['v=0', `o=mhandley 29739 7272939 IN IP4 ${host}`, 's=-', `c=IN IP4 ${host}`, 't=0 0', 'm=audio 49217 RTP/AVP 0 12', 'm=video 3227 RTP/AVP 31', 'a=rtpmap:31 LPC', ''].join(CRLF);
}

/** Header lines, an empty line and the body; `{length}` in a header becomes the body's byte length. */
export function message(headerLines: readonly string[], body = ''): string {
  const length = String(Buffer.byteLength(body));
  return [...headerLines.map((line) => line.replace('{length}', length)), '', body].join(CRLF);
}

/** Answers to a request main cannot hand to a window, for a method no window would take either. */
export const NOT_DELIVERABLE = [405, 480, 501];

export type CaseList = (target: { readonly user: string; readonly domain: string }) => TortureCase[];
