/**
 * Main describes why an account is unreachable (and why a period of missed
 * calls began) in English. The sentences it is known to use have words in
 * every language here; anything else is shown as main wrote it.
 */
import type { TranslationKey, Translate } from '../i18n/i18n';

const EXACT_DETAILS: Readonly<Record<string, TranslationKey>> = {
  'The server stopped answering keep-alives': 'detail.deadPeer',
  'Incoming calls are not reaching this device': 'detail.probeLost',
  'Connection lost (closed-by-server)': 'detail.closedByServer',
  'Connection lost (error)': 'detail.connectionError',
  'Connection lost (closed-by-us)': 'detail.closedByUs',
  'The softphone was not running (it stopped unexpectedly)': 'detail.appNotRunning',
  'The server did not answer the registration': 'detail.registrationUnanswered',
  'Connecting to the server timed out.': 'detail.connectTimedOut',
  'The server closed the connection during the handshake.': 'detail.closedDuringHandshake',
  Unreachable: 'detail.unknown',
};

/** Sentences with a value inside, e.g. "Cannot reach the server (ECONNREFUSED)." */
const PATTERN_DETAILS: readonly { readonly pattern: RegExp; readonly key: TranslationKey }[] = [
  { pattern: /^Cannot reach the server \((.+)\)\.$/, key: 'detail.cannotReach' },
  { pattern: /^The server refused the WebSocket upgrade \(HTTP (\d+)\)\.$/, key: 'detail.upgradeRefused' },
];

export function serverDetailWords(t: Translate, detail: string): string {
  const key = Object.hasOwn(EXACT_DETAILS, detail) ? EXACT_DETAILS[detail] : undefined;
  if (key) return t(key, { defaultValue: detail });
  for (const { pattern, key: patternKey } of PATTERN_DETAILS) {
    const value = pattern.exec(detail)?.[1];
    if (value !== undefined) return t(patternKey, { value, defaultValue: detail });
  }
  return detail;
}
