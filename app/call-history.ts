/**
 * Finished calls, kept by main (the single writer). The renderer reports the
 * calls it ran; main adds those it turned away itself (Do not disturb, no
 * window in time), so a missed call is never missing from history.
 */
import { z } from 'zod';
import { CallQualitySummarySchema } from './call-quality';
import { CallRecordingSchema } from './recording';

/** History keeps this many of the newest calls. */
export const MAX_HISTORY_RECORDS = 500;

/** The longest text each field keeps on disk; longer text is trimmed by {@link fitCallRecord}, never refused. */
export const CALL_RECORD_LIMITS = {
  id: 128,
  accountId: 64,
  remoteUri: 512,
  remoteName: 256,
  outcome: 64,
  outcomeText: 256,
} as const;

export const CallRecordSchema = z.object({
  id: z.string().max(CALL_RECORD_LIMITS.id),
  accountId: z.string().max(CALL_RECORD_LIMITS.accountId),
  direction: z.enum(['outgoing', 'incoming']),
  remoteUri: z.string().max(CALL_RECORD_LIMITS.remoteUri),
  remoteName: z.string().max(CALL_RECORD_LIMITS.remoteName).optional(),
  startedAt: z.number(),
  answeredAt: z.number().optional(),
  endedAt: z.number(),
  /** Failure or outcome code (busy, declined-here, missed, …); absent for a call that was answered and ended normally. */
  outcome: z.string().max(CALL_RECORD_LIMITS.outcome).optional(),
  outcomeText: z.string().max(CALL_RECORD_LIMITS.outcomeText).optional(),
  /** The SIP status behind the outcome (486, 503, …), for the words of codes that quote it. */
  outcomeStatusCode: z.number().int().min(100).max(699).optional(),
  /** Measured while connected; absent for calls that never carried audio or were not measured. */
  quality: CallQualitySummarySchema.optional(),
  /** The call's recording; only main sets it (a renderer's report never names a file). */
  recording: CallRecordingSchema.optional(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

/** The most text a reported field may carry (a SIP header can be this long); main trims it to {@link CALL_RECORD_LIMITS}. */
const REPORTED_TEXT_MAX = 65_536;

/**
 * A finished call as a renderer reports it or main builds it from a SIP
 * message: the record's shape, with text fields as long as the wire allowed.
 */
export const ReportedCallRecordSchema = CallRecordSchema.omit({ recording: true }).extend({
  id: z.string().min(1).max(REPORTED_TEXT_MAX),
  remoteUri: z.string().max(REPORTED_TEXT_MAX),
  remoteName: z.string().max(REPORTED_TEXT_MAX).optional(),
  outcomeText: z.string().max(REPORTED_TEXT_MAX).optional(),
});
export type ReportedCallRecord = z.infer<typeof ReportedCallRecordSchema>;

/**
 * The record as history keeps it: over-long text trimmed to the limits, an
 * over-long id (a Call-ID may be kilobytes) shortened to a prefix and a hash
 * of the whole, so two calls stay two records. Undefined when it still does
 * not match the schema (no valid account id, a broken timestamp): a record
 * that is written is always read back.
 */
export function fitCallRecord(record: ReportedCallRecord): CallRecord | undefined {
  const fitted = {
    ...record,
    id: historyIdOf(record.id),
    remoteUri: trimmed(record.remoteUri, CALL_RECORD_LIMITS.remoteUri),
    ...(record.remoteName === undefined ? {} : { remoteName: trimmed(record.remoteName, CALL_RECORD_LIMITS.remoteName) }),
    ...(record.outcomeText === undefined ? {} : { outcomeText: trimmed(record.outcomeText, CALL_RECORD_LIMITS.outcomeText) }),
  };
  const parsed = CallRecordSchema.safeParse(fitted);
  return parsed.success ? parsed.data : undefined;
}

/** At most `max` UTF-16 units, ending in "…" when cut, never in half a surrogate pair. */
function trimmed(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** The id history keeps for a call id: itself, or a prefix and a hash of an over-long one. */
export function historyIdOf(id: string): string {
  return id.length > CALL_RECORD_LIMITS.id ? shortenedId(id) : id;
}

function shortenedId(id: string): string {
  const hash = `${fnv1a(id, 0x811c9dc5)}${fnv1a(id, 0x01000193)}`;
  return `${id.slice(0, CALL_RECORD_LIMITS.id - hash.length - 1)}#${hash}`;
}

/** 32-bit FNV-1a of the UTF-16 units, as 8 hex digits (an id, not a secret). */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** An incoming call nobody answered here. */
export function isMissed(record: CallRecord): boolean {
  return record.direction === 'incoming' && record.answeredAt === undefined && record.outcome !== 'declined-here';
}
