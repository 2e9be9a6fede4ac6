/**
 * The user part of the Contact main registers for a plain-SIP account: an
 * unguessable token instead of the account's user name.
 *
 * @remarks
 * A registrar routes a real call to the Contact it holds, so the INVITE's
 * Request-URI carries the token; the provider may send it from any of its
 * proxies, addresses DNS never named. A SIP scanner spraying
 * `INVITE sip:100@<ip>` does not know the token. So a request naming it is
 * taken from any address, and one without it only from the provider's
 * (`UdpProviderSources`). The token is derived from the account's RFC 5626
 * instance id (random, stored with the account), so it stays the same
 * across connections and restarts and the registrar replaces the binding
 * instead of adding one. The renderer's call agent knows the account's user
 * name, not the token: requests for it get the user name back in their
 * Request-URI ({@link withRequestUriUser}).
 */
import { createHash } from 'node:crypto';

/** 128 bits of the instance id's hash, in lower-case hex (safe in any SIP user part, any case rule). */
export function contactTokenOf(instanceId: string): string {
  return createHash('sha256').update(`softphone contact user\0${instanceId}`).digest('hex').slice(0, 32);
}

const REQUEST_LINE_USER = /^([A-Z]+ sips?:)([^@\s;?>]+)@/i;

/** The request with `toUser` in its Request-URI when that names `fromUser`; anything else unchanged. */
export function withRequestUriUser(text: string, fromUser: string, toUser: string): string {
  const match = REQUEST_LINE_USER.exec(text);
  if (!match || match[2] !== fromUser) return text;
  return `${match[1]}${toUser}@${text.slice(match[0].length)}`;
}

/** The user part of a request's Request-URI, when it has one. */
export function requestUriUserOf(text: string): string | undefined {
  return REQUEST_LINE_USER.exec(text)?.[2];
}
