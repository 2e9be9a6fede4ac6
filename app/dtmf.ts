/**
 * DTMF digits: which keys send them, and reading the digit out of a SIP
 * INFO body (`application/dtmf-relay`, the de-facto format of Cisco and
 * Asterisk, or the bare `application/dtmf`).
 */

/** The keys of a phone keypad; A–D exist in RFC 4733 but on no keypad we show. */
export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function isDtmfKey(key: string): boolean {
  return (DTMF_KEYS as readonly string[]).includes(key);
}

/**
 * Tone length and the pause after it. Long enough for any IVR's detector
 * (many miss tones under ~70 ms), short enough that typing does not lag.
 */
export const DTMF_TONE_MS = 200;
export const DTMF_GAP_MS = 150;

export type DtmfInfoReading =
  | { readonly kind: 'digit'; readonly digit: string }
  /** No body at all: some servers send this as a keep-alive; answer 200. */
  | { readonly kind: 'empty' }
  | { readonly kind: 'unsupported' };

export function readDtmfInfo(contentType: string | undefined, body: string): DtmfInfoReading {
  if (body.trim() === '') return { kind: 'empty' };
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  let digit: string | undefined;
  if (type === 'application/dtmf-relay') digit = /^\s*signal\s*=\s*([0-9A-D*#])\s*$/im.exec(body)?.[1];
  else if (type === 'application/dtmf') digit = /^\s*([0-9A-D*#])\s*$/i.exec(body)?.[1];
  return digit ? { kind: 'digit', digit: digit.toUpperCase() } : { kind: 'unsupported' };
}

export function dtmfRelayBody(digit: string, durationMs = DTMF_TONE_MS): string {
  return `Signal=${digit}\r\nDuration=${durationMs}\r\n`;
}
