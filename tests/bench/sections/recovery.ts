/**
 * Recovery after a server restart: a Kamailio of this section's own is
 * SIGKILLed, left down 1–2 s (a different downtime each time), and started
 * again on the same ports, `samples` times (at least 10).
 *
 * Both sides are registered on it at once, so every restart is measured for
 * both and they see identical outages:
 * - softphone: one account of the main core (default settings), from the
 *   moment `start()` resolved (the server accepts WebSockets again) to the
 *   first snapshot showing the account `registered` again;
 * - baseline: sip.js' `Web.SimpleUser` in Chromium with its default
 *   reconnection (3 attempts 4 s apart, then it gives up for good), from the
 *   same moment to its `onRegistered`.
 *
 * A side not registered again within 30 s counts as not recovered and is left
 * out of its median. A SimpleUser that gave up is replaced by a fresh one
 * before the next restart, so every restart is a trial of its own.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { startKamailio, type KamailioServer } from '../../support/kamailio';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { passwordOf } from '../demo-users';
import { startSimpleUserBaseline, type SimpleUserBaseline } from '../registration/simple-user-baseline';
import { startWatchedAccount, type WatchedAccount } from '../registration/softphone-account';
import { median, ms, ratio, roundMs, spread } from '../stats';

const SOFTPHONE_USER = 'user001';
const BASELINE_USER = 'user002';
const RECOVERY_LIMIT_MS = 30_000;
const MIN_DOWN_MS = 1_000;
const MAX_DOWN_MS = 2_000;
/** Both sides registered and quiet before the next kill. */
const SETTLE_MS = 500;
/** A softphone that missed the 30 s limit gets this much longer before the run gives up. */
const SOFTPHONE_GRACE_MS = 30_000;

interface RestartSample {
  readonly downMs: number;
  /** From the kill to start() resolving. */
  readonly outageMs: number;
  /** From start() resolving to registered; null when not within the limit. */
  readonly softphoneMs: number | null;
  readonly baselineMs: number | null;
}

export const recoverySection: BenchSection = {
  name: 'recovery',
  title: 'registration recovery after server restarts',
  async run(context: BenchContext): Promise<SectionResult> {
    const cleanup = new Cleanup();
    try {
      const server = await startKamailio();
      cleanup.add('recovery kamailio', () => server.stop());
      const softphone = await startWatchedAccount(server, SOFTPHONE_USER);
      cleanup.add('recovery softphone', () => softphone.stop());
      const baseline = await startSimpleUserBaseline(context.pages, {
        wsUrl: server.wsUrl,
        user: BASELINE_USER,
        domain: server.domain,
        password: passwordOf(server, BASELINE_USER),
      });
      cleanup.add('recovery baseline', () => baseline.close());
      context.log(`recovery: softphone and SimpleUser registered on ${server.wsUrl}; ${context.samples} restarts`);

      const samples: RestartSample[] = [];
      let baselineReplaced = 0;
      for (let index = 0; index < context.samples; index += 1) {
        await delay(SETTLE_MS);
        const sample = await restartOnce(server, softphone, baseline, downtimeMs(index));
        samples.push(sample);
        const show = (value: number | null) => (value === null ? `not within ${RECOVERY_LIMIT_MS / 1000} s` : `${Math.round(value)} ms`);
        context.log(
          `restart ${index + 1}/${context.samples} (down ${sample.downMs} ms, outage ${sample.outageMs} ms): softphone ${show(sample.softphoneMs)}, SimpleUser ${show(sample.baselineMs)}`,
        );
        if (sample.softphoneMs === null) await waitForSoftphone(softphone);
        if (sample.baselineMs === null || !(await baseline.isRegistered())) {
          baselineReplaced += 1;
          await baseline.restart();
        }
      }
      return summarise(samples, baselineReplaced);
    } finally {
      await cleanup.run();
    }
  },
};

/** 1–2 s, spread evenly over the range in a shuffled order (golden-ratio sequence). */
function downtimeMs(index: number): number {
  const fraction = (0.5 + index * 0.618_034) % 1;
  return Math.round(MIN_DOWN_MS + fraction * (MAX_DOWN_MS - MIN_DOWN_MS));
}

async function restartOnce(server: KamailioServer, softphone: WatchedAccount, baseline: SimpleUserBaseline, downMs: number): Promise<RestartSample> {
  const killedAt = Date.now();
  await server.kill();
  await delay(Math.max(0, downMs - (Date.now() - killedAt)));
  await server.start();
  const backAt = Date.now();
  const [softphoneAt, baselineAt] = await Promise.all([
    softphone.watch.until(() => softphone.watch.recoveredAt(killedAt), RECOVERY_LIMIT_MS),
    baseline.registeredAfter(killedAt, RECOVERY_LIMIT_MS),
  ]);
  // A side may re-register in the instant between the server accepting and start() noticing: 0.
  const since = (at: number | null) => (at === null ? null : Math.max(0, at - backAt));
  return { downMs, outageMs: backAt - killedAt, softphoneMs: since(softphoneAt), baselineMs: since(baselineAt) };
}

async function waitForSoftphone(softphone: WatchedAccount): Promise<void> {
  const { watch } = softphone;
  const at = await watch.until(() => (watch.current === 'registered' ? Date.now() : undefined), SOFTPHONE_GRACE_MS);
  if (at === null) throw new Error(`the softphone account is still ${watch.current} ${(RECOVERY_LIMIT_MS + SOFTPHONE_GRACE_MS) / 1000} s after a restart`);
}

function summarise(samples: readonly RestartSample[], baselineReplaced: number): SectionResult {
  const recovered = (pick: (sample: RestartSample) => number | null) =>
    samples.map(pick).filter((value): value is number => value !== null);
  const softphone = recovered((sample) => sample.softphoneMs);
  const baseline = recovered((sample) => sample.baselineMs);
  const total = samples.length;
  const softphoneMedian = softphone.length > 0 ? median(softphone) : null;
  const baselineMedian = baseline.length > 0 ? median(baseline) : null;
  const fraction = (count: number) => Math.round((count / total) * 1000) / 1000;
  const show = (value: number | null) => (value === null ? '   n/a' : ms(value, 5));

  const summary = [
    `recovery          softphone ${show(softphoneMedian)}   SimpleUser ${show(baselineMedian)}` +
      (softphoneMedian !== null && baselineMedian !== null ? `   ratio ${ratio(softphoneMedian, baselineMedian).toFixed(2)}` : '') +
      '   (server back → registered again, median of the recovered)',
    `  recovered within ${RECOVERY_LIMIT_MS / 1000} s: softphone ${softphone.length}/${total}, SimpleUser ${baseline.length}/${total}`,
  ];
  if (baseline.length < total) {
    summary.push(
      `  SimpleUser never re-registered after ${total - baseline.length} restart(s): not in its median` +
        (baselineReplaced > 0 ? `; replaced by a fresh SimpleUser ${baselineReplaced} time(s) so each restart is its own trial` : ''),
    );
  }
  if (baselineMedian === null) summary.push('  SimpleUser recovered from no restart: its median is null');
  if (softphone.length > 0) summary.push(`  softphone  ${spread(softphone)}`);
  if (baseline.length > 0) summary.push(`  SimpleUser ${spread(baseline)}`);
  const outages = samples.map((sample) => sample.outageMs);
  summary.push(`  ${total} SIGKILL restarts of one Kamailio, down ${MIN_DOWN_MS / 1000}–${MAX_DOWN_MS / 1000} s (kill → back ${spread(outages)})`);

  return {
    figures: {
      recovery_ms_median: softphoneMedian === null ? null : roundMs(softphoneMedian),
      recovery_ok: fraction(softphone.length),
      baseline_recovery_ms_median: baselineMedian === null ? null : roundMs(baselineMedian),
      baseline_recovery_ok: fraction(baseline.length),
      recovery_ratio: softphoneMedian !== null && baselineMedian !== null ? ratio(softphoneMedian, baselineMedian) : null,
      recovery_restarts: total,
    },
    summary,
    samples,
  };
}
