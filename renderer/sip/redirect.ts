/**
 * Where a 3xx answer to our INVITE sends the call: its first Contact
 * (RFC 3261 §8.1.3.4), unless that would loop or has gone on too long.
 */
import { URI, type Core, type NameAddrHeader } from 'sip.js';
import type { CallFailure } from '../../app/sip-failure';
import { callFailureFromStatus } from '../../app/sip-failure';

/** RFC 3261 leaves the limit to the client; a chain longer than this is a misconfiguration. */
const MAX_REDIRECTS = 5;

export type RedirectDecision = { readonly ok: true; readonly uri: URI } | { readonly ok: false; readonly failure: CallFailure };

/** Compares targets by scheme, user, host and port: parameters do not make a new target. */
function targetKey(uri: string | URI): string {
  const text = typeof uri === 'string' ? uri : uri.toString();
  return text.replace(/[;?].*$/, '').toLowerCase();
}

/**
 * @param tried every target this call has been sent to so far, the original first.
 */
export function redirectTarget(response: Core.IncomingResponseMessage, tried: readonly string[]): RedirectDecision {
  const statusCode = response.statusCode ?? 300;
  let contact: NameAddrHeader | undefined;
  try {
    contact = response.parseHeader('contact') as NameAddrHeader | undefined;
  } catch {
    contact = undefined;
  }
  const uri = contact?.uri;
  if (!(uri instanceof URI) || !/^sips?$/i.test(uri.scheme)) return { ok: false, failure: callFailureFromStatus(statusCode, response.reasonPhrase) };
  const key = targetKey(uri);
  if (tried.some((target) => targetKey(target) === key) || tried.length > MAX_REDIRECTS) {
    return { ok: false, failure: { code: 'redirect-loop', statusCode, message: 'The call was redirected in a loop; it cannot reach anyone' } };
  }
  return { ok: true, uri };
}
