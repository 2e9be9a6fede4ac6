/**
 * What a provisional response to our INVITE means for the user: the phone
 * rings there (180), or the network reports progress (183 and other 18x),
 * possibly with audio of its own (early media: ringback, announcements).
 */
export type CallProgress = 'ringing' | 'session-progress' | 'early-media';

/** Undefined for 100 Trying and anything that is not a provisional response. */
export function callProgressFromResponse(statusCode: number, hasSessionDescription: boolean): CallProgress | undefined {
  if (statusCode < 180 || statusCode > 199) return undefined;
  if (statusCode === 183 && hasSessionDescription) return 'early-media';
  return statusCode === 180 ? 'ringing' : 'session-progress';
}
