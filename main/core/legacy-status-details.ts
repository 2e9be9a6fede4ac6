/**
 * The English sentences earlier versions stored as the reason of a
 * reachability period, read back as the {@link StatusDetail} each stood
 * for. Only for reading old files: nothing writes these any more.
 */
import type { StatusDetail } from '../../app/status-detail';

const EXACT: ReadonlyMap<string, StatusDetail> = new Map<string, StatusDetail>([
  ['The server stopped answering keep-alives', { code: 'dead-peer' }],
  ['Incoming calls are not reaching this device', { code: 'probe-lost' }],
  ['Connection lost (closed-by-server)', { code: 'connection-lost', params: { closedBy: 'server' } }],
  ['Connection lost (error)', { code: 'connection-lost', params: { closedBy: 'network' } }],
  ['Connection lost (closed-by-us)', { code: 'connection-lost', params: { closedBy: 'us' } }],
  ['The softphone was not running (it stopped unexpectedly)', { code: 'app-not-running' }],
  ['The server did not answer the registration', { code: 'registration-unanswered' }],
  ['The server refused the user name or password', { code: 'wrong-credentials' }],
  ["The server's answer to the registration did not list this device", { code: 'contact-missing', params: { statusCode: 200 } }],
  ['Connecting to the server timed out.', { code: 'connect-timed-out' }],
  ['The server closed the connection during the handshake.', { code: 'handshake-closed' }],
  ['The saved password could not be decrypted on this system. Edit the account and enter it again.', { code: 'password-unreadable' }],
]);

/** The detail an old period's English `reason` stood for; `unknown` for anything else. */
export function detailFromLegacyReason(reason: string): StatusDetail {
  const exact = EXACT.get(reason);
  if (exact) return exact;
  const cannotReach = /^Cannot reach the server \((.+)\)\.$/.exec(reason)?.[1];
  if (cannotReach !== undefined) return { code: 'cannot-reach', params: { error: cannotReach.slice(0, 100) } };
  const upgrade = /^The server refused the WebSocket upgrade \(HTTP (\d+)\)\.$/.exec(reason)?.[1];
  if (upgrade !== undefined) return { code: 'upgrade-refused', params: { httpStatus: Number(upgrade) } };
  const tls = /^TLS error: (.*)$/.exec(reason)?.[1];
  if (tls !== undefined) return { code: 'tls-failed', params: { error: tls.slice(0, 100) } };
  // The registrar's own answer, e.g. "503 Service Unavailable".
  const answer = /^([3-6]\d\d)(?: (.*))?$/.exec(reason);
  if (answer) return { code: 'server-rejected', params: { statusCode: Number(answer[1]), reason: (answer[2] ?? '').slice(0, 100) } };
  return { code: 'unknown' };
}
