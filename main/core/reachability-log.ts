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
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DataFile } from './data-file';
import { SERVER_DETAILS } from '../../app/server-details';

const PeriodSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  from: z.number(),
  to: z.number().optional(),
  reason: z.string(),
  acknowledged: z.boolean().default(false),
});
export type UnreachablePeriod = z.infer<typeof PeriodSchema>;

const LogSchema = z.object({
  periods: z.array(PeriodSchema).default([]),
  lastAliveAt: z.number().optional(),
  wasStoppedCleanly: z.boolean().default(true),
});

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
        log.periods.push({ id: randomUUID(), accountId, from: log.lastAliveAt, to, reason: SERVER_DETAILS.appNotRunning, acknowledged: false });
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

  startPeriod(accountId: string, reason: string, from = this.now()): void {
    const log = this.read();
    if (log.periods.some((period) => period.accountId === accountId && period.to === undefined)) return;
    log.periods.push({ id: randomUUID(), accountId, from, reason, acknowledged: false });
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

  private read(): z.infer<typeof LogSchema> {
    const parsed = LogSchema.safeParse(this.file.get('reachability') ?? {});
    return parsed.success ? parsed.data : LogSchema.parse({});
  }

  private write(log: z.infer<typeof LogSchema>): void {
    this.file.set('reachability', { ...log, periods: log.periods.slice(-MAX_PERIODS) });
  }
}
