/**
 * Every period an account could not receive calls, kept across restarts so
 * the user can be told "you may have missed calls between 10:02 and 10:14".
 *
 * @remarks
 * A period opens whenever calls cannot reach an enabled account: it stopped
 * being reachable (connection lost, dead server, failed refresh, lost
 * probe) or its registration failed for any reason (wrong credentials too);
 * it closes when the account is registered again. A run that ended without a clean stop (crash, power
 * loss) is recorded too, from its last sign of life to the next start.
 *
 * Each period says why as a {@link StatusDetail} code. Periods written by
 * earlier versions carry an English sentence (`reason`) instead: it is read
 * back as the code it stood for ({@link detailFromLegacyReason}), so old
 * periods stay listed and are worded in the user's language.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DataFile } from './data-file';
import { StatusDetailSchema, type StatusDetail } from '../../app/status-detail';
import { detailFromLegacyReason } from './legacy-status-details';

const StoredPeriodSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  from: z.number(),
  to: z.number().optional(),
  // A detail this version cannot read (a newer one's) reads as unknown rather than dropping the period.
  detail: StatusDetailSchema.optional().catch(undefined),
  /** Written by versions before details were codes. */
  reason: z.string().optional(),
  acknowledged: z.boolean().default(false),
});

const PeriodSchema = StoredPeriodSchema.transform(({ reason, detail, ...period }) => ({
  ...period,
  detail: detail ?? (reason === undefined ? { code: 'unknown' as const } : detailFromLegacyReason(reason)),
}));

export interface UnreachablePeriod {
  readonly id: string;
  readonly accountId: string;
  readonly from: number;
  to?: number;
  readonly detail: StatusDetail;
  acknowledged: boolean;
}

const LogSchema = z.object({
  // One period that does not read is left out, not the whole log.
  periods: z
    .array(z.unknown())
    .default([])
    .transform((items) => items.flatMap((item) => PeriodSchema.safeParse(item).data ?? [])),
  lastAliveAt: z.number().optional(),
  wasStoppedCleanly: z.boolean().default(true),
});

type StoredLog = { periods: UnreachablePeriod[]; lastAliveAt?: number; wasStoppedCleanly: boolean };

/** reachability.json: a log that does not match is moved aside rather than overwritten (see data-file.ts). */
export const REACHABILITY_DOCUMENT = z.object({ reachability: LogSchema.optional() }).passthrough();

const MAX_PERIODS = 200;

export class ReachabilityLog {
  constructor(
    private readonly file: DataFile,
    private readonly now: () => number = Date.now,
  ) {}

  /** Call at start: records the gap left by a run that did not stop cleanly. */
  open(accountIds: readonly string[]): void {
    const log = this.read();
    if (!log.wasStoppedCleanly && log.lastAliveAt !== undefined) {
      const to = this.now();
      for (const accountId of accountIds) {
        log.periods.push({ id: randomUUID(), accountId, from: log.lastAliveAt, to, detail: { code: 'app-not-running' }, acknowledged: false });
      }
    }
    // Periods left open by the previous run end where that run's life ended.
    for (const period of log.periods) if (period.to === undefined) period.to = log.lastAliveAt ?? period.from;
    this.write({ ...log, wasStoppedCleanly: false, lastAliveAt: this.now() });
  }

  /** A sign of life, so a crash can be dated. */
  heartbeat(): void {
    this.write({ ...this.read(), lastAliveAt: this.now() });
  }

  close(): void {
    const log = this.read();
    const now = this.now();
    for (const period of log.periods) if (period.to === undefined) period.to = now;
    this.write({ ...log, wasStoppedCleanly: true, lastAliveAt: now });
  }

  startPeriod(accountId: string, detail: StatusDetail, from = this.now()): void {
    const log = this.read();
    if (log.periods.some((period) => period.accountId === accountId && period.to === undefined)) return;
    log.periods.push({ id: randomUUID(), accountId, from, detail, acknowledged: false });
    this.write(log);
  }

  endPeriod(accountId: string): void {
    const log = this.read();
    const open = log.periods.find((period) => period.accountId === accountId && period.to === undefined);
    if (!open) return;
    open.to = this.now();
    this.write(log);
  }

  acknowledge(id: string): void {
    const log = this.read();
    for (const period of log.periods) if (period.id === id) period.acknowledged = true;
    this.write(log);
  }

  forgetAccount(accountId: string): void {
    const log = this.read();
    this.write({ ...log, periods: log.periods.filter((period) => period.accountId !== accountId) });
  }

  periods(): UnreachablePeriod[] {
    return this.read().periods;
  }

  private read(): StoredLog {
    const parsed = LogSchema.safeParse(this.file.get('reachability') ?? {});
    return parsed.success ? parsed.data : LogSchema.parse({});
  }

  private write(log: StoredLog): void {
    this.file.set('reachability', { ...log, periods: log.periods.slice(-MAX_PERIODS) });
  }
}
