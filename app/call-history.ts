/**
 * Finished calls, kept by main (the single writer). The renderer reports the
 * calls it ran; main adds those it turned away itself (Do not disturb, no
 * window in time), so a missed call is never missing from history.
 */
import { z } from 'zod';
import { CallQualitySummarySchema } from './call-quality';

export const CallRecordSchema = z.object({
  id: z.string().max(128),
  accountId: z.string().max(64),
  direction: z.enum(['outgoing', 'incoming']),
  remoteUri: z.string().max(512),
  remoteName: z.string().max(256).optional(),
  startedAt: z.number(),
  answeredAt: z.number().optional(),
  endedAt: z.number(),
  /** Failure or outcome code (busy, declined-here, missed, …); absent for a call that was answered and ended normally. */
  outcome: z.string().max(64).optional(),
  outcomeText: z.string().max(256).optional(),
  /** The SIP status behind the outcome (486, 503, …), for the words of codes that quote it. */
  outcomeStatusCode: z.number().int().min(100).max(699).optional(),
  /** Measured while connected; absent for calls that never carried audio or were not measured. */
  quality: CallQualitySummarySchema.optional(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

/** An incoming call nobody answered here. */
export function isMissed(record: CallRecord): boolean {
  return record.direction === 'incoming' && record.answeredAt === undefined && record.outcome !== 'declined-here';
}
