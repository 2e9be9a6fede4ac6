/** Voicemail waiting (MWI, RFC 3842) of an account, as main learns it and the UI shows it. */
import type { TranslationKey } from './i18n/resources';

/**
 * Whether the counts can be trusted:
 * - `active`: subscribed, or told by the server; the counts are current;
 * - `not-offered`: the server does not offer voicemail notifications (asked once per connection);
 * - `unknown`: not subscribed now (connecting, or the subscription could not be refreshed): older counts are not current.
 */
export type VoicemailAvailability = 'active' | 'not-offered' | 'unknown';

export interface VoicemailStatus {
  readonly availability: VoicemailAvailability;
  readonly isWaiting: boolean;
  readonly newCount?: number;
  readonly oldCount?: number;
  /** The voicemail box's address the server named (`Message-Account`). */
  readonly messageAccount?: string;
}

/** What the Voicemail button dials: the number set in the account, else the box the server named. */
export function voicemailTarget(configured: string | undefined, status: VoicemailStatus | undefined): string | undefined {
  return configured?.trim() || status?.messageAccount;
}

/** Any i18next-style `t` that knows the `voicemail.*` keys (main's tray and the window's chips say the same). */
export type VoicemailTranslate = (key: Extract<TranslationKey, `voicemail.${string}`>, options?: Record<string, unknown>) => string;

/**
 * The counts in words ("Voicemail: 2 new, 8 old"), marked when they are not
 * current; undefined when there is nothing to say (no summary yet).
 */
export function voicemailWords(t: VoicemailTranslate, status: VoicemailStatus | undefined): string | undefined {
  if (!status) return undefined;
  if (status.availability === 'not-offered') return t('voicemail.notOffered');
  let words: string;
  if (status.newCount !== undefined) words = t('voicemail.counts', { new: status.newCount, old: status.oldCount ?? 0 });
  else if (status.isWaiting) words = t('voicemail.waiting');
  else if (status.availability === 'active') words = t('voicemail.noneWaiting');
  else return undefined;
  return status.availability === 'active' ? words : t('voicemail.notCurrent', { words });
}
