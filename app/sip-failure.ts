/**
 * The one place that turns SIP status codes into what the user reads.
 * The UI translates these codes; the English here is the fallback and what
 * goes to logs.
 */
export interface CallFailure {
  readonly code: string;
  readonly statusCode?: number;
  readonly message: string;
}

const CALL_FAILURES: Record<number, { code: string; message: string }> = {
  404: { code: 'not-found', message: 'Not found: this number or address does not exist' },
  408: { code: 'timeout', message: 'No answer: the call timed out' },
  480: { code: 'unavailable', message: 'Unavailable: the other side is not reachable right now' },
  484: { code: 'address-incomplete', message: 'The number is incomplete' },
  486: { code: 'busy', message: 'Busy' },
  487: { code: 'cancelled', message: 'Call cancelled' },
  488: { code: 'not-acceptable', message: 'The other side cannot accept this call (no common audio codec)' },
  403: { code: 'forbidden', message: 'The server refused this call (403 Forbidden)' },
  401: { code: 'auth', message: 'The server did not accept our credentials for this call' },
  407: { code: 'auth', message: 'The server did not accept our credentials for this call' },
  503: { code: 'server-unavailable', message: 'The server is unavailable (503)' },
  600: { code: 'busy', message: 'Busy everywhere' },
  603: { code: 'declined', message: 'Declined' },
  604: { code: 'not-found', message: 'Does not exist anywhere' },
};

export function callFailureFromStatus(statusCode: number, reasonPhrase = ''): CallFailure {
  const known = CALL_FAILURES[statusCode];
  if (known) return { ...known, statusCode };
  const phrase = reasonPhrase ? `: ${reasonPhrase}` : '';
  if (statusCode >= 500) return { code: 'server-error', statusCode, message: `Server error ${statusCode}${phrase}` };
  return { code: 'failed', statusCode, message: `Call failed (${statusCode}${phrase})` };
}

/**
 * Why a call's audio could not be relayed between the window's WebRTC and a
 * provider's plain RTP (the media gateway of UDP/TCP/TLS accounts).
 */
export const MEDIA_RELAY_FAILURE_CODES = ['no-common-codec', 'unsupported-media', 'media-gateway-down', 'media-path-failed', 'media-stopped', 'media-auth-failed'] as const;

export type MediaRelayFailureCode = (typeof MEDIA_RELAY_FAILURE_CODES)[number];

const MEDIA_RELAY_MESSAGES: Readonly<Record<MediaRelayFailureCode, string>> = {
  'no-common-codec': 'No audio codec in common with the provider',
  'unsupported-media': 'The provider asked for media this account cannot relay',
  'media-gateway-down': 'The audio relay stopped',
  'media-path-failed': 'The audio connection inside the app failed',
  'media-stopped': 'Media stopped: the other side sent no audio for a long time',
  'media-auth-failed': 'The provider\'s encrypted audio failed its checks',
};

/** The English words of a media relay failure (the Reason main's own BYEs carry). */
export function mediaRelayFailureText(code: MediaRelayFailureCode): string {
  return MEDIA_RELAY_MESSAGES[code];
}

/**
 * The media relay failure a `Warning: 399 softphone "<code>"` names: main
 * puts one on the 488 when it refuses a call's SDP, and on the BYE when it
 * ends a call whose media died.
 */
export function mediaRelayFailureOf(warning: string | undefined): CallFailure | undefined {
  const code = /^399 softphone "([a-z-]+)"/.exec(warning ?? '')?.[1];
  const relayCode = MEDIA_RELAY_FAILURE_CODES.find((known) => known === code);
  return relayCode ? { code: relayCode, message: MEDIA_RELAY_MESSAGES[relayCode] } : undefined;
}

/** A rejected call's failure: the media relay's reason when its Warning names one; anything else by status. */
export function callFailureFromRejection(statusCode: number, reasonPhrase = '', warning?: string): CallFailure {
  const relayFailure = mediaRelayFailureOf(warning);
  if (relayFailure) return { ...relayFailure, statusCode };
  return callFailureFromStatus(statusCode, reasonPhrase);
}
