/** Voicemail waiting (MWI, RFC 3842) of an account, as main learns it and the UI shows it. */

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
