/**
 * RFC 3842 message summaries: the `application/simple-message-summary` body
 * of a `message-summary` NOTIFY (voicemail waiting, and how many).
 */

export const MESSAGE_SUMMARY_EVENT = 'message-summary';
export const MESSAGE_SUMMARY_CONTENT_TYPE = 'application/simple-message-summary';

export interface MessageSummary {
  readonly isWaiting: boolean;
  /** Where the messages are (`Message-Account`): the number that reaches the voicemail box. */
  readonly account?: string;
  /** Voice messages not yet heard, and heard but kept; absent when the server gave no counts. */
  readonly newCount?: number;
  readonly oldCount?: number;
}

const MAX_BODY_CHARS = 8_192;
const MAX_COUNT = 1_000_000;

/**
 * Reads a message summary; undefined when it is not one (no or a wrong
 * `Messages-Waiting`, counts that are not numbers), so the caller can log
 * and ignore it.
 */
export function parseMessageSummary(body: string): MessageSummary | undefined {
  if (body.length > MAX_BODY_CHARS) return undefined;
  const fields = new Map<string, string>();
  for (const line of body.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  const waiting = fields.get('messages-waiting')?.toLowerCase();
  if (waiting !== 'yes' && waiting !== 'no') return undefined;
  const account = fields.get('message-account');
  const voice = fields.get('voice-message');
  let counts: { newCount: number; oldCount: number } | undefined;
  if (voice !== undefined) {
    const match = /^(\d{1,7})\/(\d{1,7})(?:\s*\(\d{1,7}\/\d{1,7}\))?$/.exec(voice);
    if (!match) return undefined;
    counts = { newCount: Math.min(Number(match[1]), MAX_COUNT), oldCount: Math.min(Number(match[2]), MAX_COUNT) };
  }
  return {
    isWaiting: waiting === 'yes',
    ...(account && /^(sips?|tel):[^\s<>"]{1,256}$/i.test(account) ? { account } : {}),
    ...counts,
  };
}
