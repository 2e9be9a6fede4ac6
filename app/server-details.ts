/**
 * Why an account is unreachable, as main writes it into the account's status
 * and the reachability log. The English text is stored (old log periods keep
 * it), so it doubles as the key the UI translates by
 * (renderer/ui/detail-words.ts): main builds every detail from here, and a
 * sentence changed here is still found by the UI.
 */

/** A connection that closed for `reason` (sip-connection's ClosedReason other than a dead peer). */
export function connectionLostDetail(reason: 'closed-by-server' | 'error' | 'closed-by-us'): string {
  return `Connection lost (${reason})`;
}

export const SERVER_DETAILS = {
  deadPeer: 'The server stopped answering keep-alives',
  probeLost: 'Incoming calls are not reaching this device',
  closedByServer: connectionLostDetail('closed-by-server'),
  connectionError: connectionLostDetail('error'),
  closedByUs: connectionLostDetail('closed-by-us'),
  appNotRunning: 'The softphone was not running (it stopped unexpectedly)',
  registrationUnanswered: 'The server did not answer the registration',
  wrongCredentials: 'The server refused the user name or password',
  contactMissing: "The server's answer to the registration did not list this device",
  connectTimedOut: 'Connecting to the server timed out.',
  closedDuringHandshake: 'The server closed the connection during the handshake.',
  unknown: 'Unreachable',
};

/** Details with a value inside: how main builds them and how the UI reads the value back. */
export const SERVER_DETAIL_PATTERNS = {
  cannotReach: { build: (code: string) => `Cannot reach the server (${code}).`, read: /^Cannot reach the server \((.+)\)\.$/ },
  upgradeRefused: { build: (status: number | undefined) => `The server refused the WebSocket upgrade (HTTP ${status}).`, read: /^The server refused the WebSocket upgrade \(HTTP (\d+)\)\.$/ },
} as const;
