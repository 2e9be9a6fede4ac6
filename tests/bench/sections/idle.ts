/**
 * The cost of staying registered: memory and CPU of the main core with 1, 10
 * and 100 accounts registered and idle, and the keep-alive traffic.
 *
 * Each run is a Node process of its own (idle/idle-child.ts: the core via
 * startTestCore, default settings, accounts user001… on the shared Kamailio),
 * bundled with esbuild as the app's main is (idle/child-bundle.ts says why
 * not tsx).
 * Once every account is registered and a few seconds have passed (the first
 * reachability probes), it is left idle for --idle-seconds (default 60):
 * CPU% = its utime + stime over that span / wall time (100 % = one CPU),
 * RSS = its VmRSS at the end (then, for information only, once more after a
 * forced full GC: garbage left by start-up otherwise blurs the differences
 * between runs by tens of MB). The same child with no account is the
 * baseline (Node + tsx + an empty core); the deltas are what the accounts
 * cost. Runs are sequential so they never compete for a CPU.
 *
 * Traffic: the core's own keep-alive counter (pings and CRLFs it sent) and,
 * as a cross-check, a byte-counting relay in front of Kamailio
 * (idle/ws-meter.ts) that sees what crossed the wire, with the reachability
 * probes (SIP OPTIONS to ourselves) counted apart.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { demoUser, passwordOf } from '../demo-users';
import { bundleIdleChild } from '../idle/child-bundle';
import { startCoreChild } from '../idle/core-child';
import { cpuSeconds, rssMb } from '../idle/proc-stats';
import { difference, startWsMeter, type Traffic } from '../idle/ws-meter';

/** 0 is the baseline. */
const ACCOUNT_COUNTS = [0, 1, 10, 100] as const;
const KEEPALIVE_RUN = 10;
/** After the last account registered: lets the first reachability probes (1 s after registering) finish. */
const SETTLE_MS = 3_000;
const REGISTER_TIMEOUT_MS = 60_000;
/** The reachability probe's default interval; a shorter idle span misses it (and keep-alives come every 15 s). */
const FULL_CYCLE_SECONDS = 60;

interface IdleRun {
  readonly accounts: number;
  readonly seconds: number;
  readonly rssMb: number;
  readonly rssAfterGcMb: number;
  readonly cpuPercent: number;
  readonly heapAfterGcMb: number;
  readonly registerMs: number;
  /** Accounts still registered at the end of the idle span. */
  readonly registeredAtEnd: number;
  /** The core's keep-alive counter over the idle span. */
  readonly keepAliveBytes: number;
  readonly wire: Traffic;
}

export const idleSection: BenchSection = {
  name: 'idle',
  title: 'idle cost of registered accounts (memory, CPU, keep-alive bytes)',
  async run(context: BenchContext): Promise<SectionResult> {
    const minutes = (ACCOUNT_COUNTS.length * (context.idleSeconds + 6)) / 60;
    context.log(`idle: ${ACCOUNT_COUNTS.join(', ')} accounts, ${context.idleSeconds} s idle each (~${minutes.toFixed(1)} min)`);
    const bundle = await bundleIdleChild();
    try {
      const runs: IdleRun[] = [];
      for (const accounts of ACCOUNT_COUNTS) {
        const run = await measureIdle(context, bundle.script, accounts);
        runs.push(run);
        context.log(
          `idle ${accounts} account(s): RSS ${run.rssMb.toFixed(1)} MB, CPU ${run.cpuPercent.toFixed(2)} %, ` +
            `keep-alive ${run.keepAliveBytes} B in ${run.seconds.toFixed(0)} s, ${run.registeredAtEnd}/${accounts} registered at the end`,
        );
      }
      return summarise(runs);
    } finally {
      bundle.remove();
    }
  },
};

async function measureIdle(context: BenchContext, script: string, count: number): Promise<IdleRun> {
  const { kamailio } = context;
  const cleanup = new Cleanup();
  try {
    const meter = await startWsMeter(kamailio.wsPort);
    cleanup.add('idle meter', () => meter.close());
    const accounts = Array.from({ length: count }, (_, index) => demoUser(index + 1)).map((user) => ({ user, password: passwordOf(kamailio, user) }));
    const child = await startCoreChild(
      script,
      { serverUrl: meter.url, domain: kamailio.domain, accounts, registerTimeoutMs: REGISTER_TIMEOUT_MS },
      `idle child ${count}`,
    );
    cleanup.add('idle child', () => child.stop());
    await delay(SETTLE_MS);

    const first = await child.sample();
    const wireBefore = meter.traffic();
    const cpuBefore = cpuSeconds(child.pid);
    const startedAt = performance.now();
    await delay(context.idleSeconds * 1000);
    const rss = rssMb(child.pid);
    const cpuAfter = cpuSeconds(child.pid);
    const seconds = (performance.now() - startedAt) / 1000;
    const wire = difference(meter.traffic(), wireBefore);
    const last = await child.sample();
    const collected = await child.collect();
    return {
      accounts: count,
      seconds,
      rssMb: rss,
      rssAfterGcMb: rssMb(child.pid),
      cpuPercent: ((cpuAfter - cpuBefore) / seconds) * 100,
      heapAfterGcMb: collected.heapUsedMb,
      registerMs: child.ready.registerMs,
      registeredAtEnd: last.registered,
      keepAliveBytes: last.keepAliveBytes - first.keepAliveBytes,
      wire,
    };
  } finally {
    await cleanup.run();
  }
}

function summarise(runs: readonly IdleRun[]): SectionResult {
  const runWith = (accounts: number): IdleRun => {
    const run = runs.find((candidate) => candidate.accounts === accounts);
    if (!run) throw new Error(`no idle run with ${accounts} accounts`);
    return run;
  };
  const baseline = runWith(0);
  const keepAliveRun = runWith(KEEPALIVE_RUN);
  /** Bytes per account per hour over the keep-alive run's idle span. */
  const perAccountHour = (bytes: number) => (bytes / KEEPALIVE_RUN) * (3600 / keepAliveRun.seconds);
  const keepAlivePerHour = perAccountHour(keepAliveRun.keepAliveBytes);
  const wireKeepAliveSent = perAccountHour(keepAliveRun.wire.sent.keepalive);
  const wireKeepAliveReceived = perAccountHour(keepAliveRun.wire.received.keepalive);
  const probeSent = perAccountHour(keepAliveRun.wire.sent.probe);
  const probeReceived = perAccountHour(keepAliveRun.wire.received.probe);
  const registerWire = perAccountHour(keepAliveRun.wire.sent.register + keepAliveRun.wire.received.register);
  const mb = (value: number) => Math.round(value * 10) / 10;
  const percent = (value: number) => Math.round(value * 100) / 100;
  const bytes = (value: number) => Math.round(value);

  const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
  const table = runs.map((run) => {
    const isBaseline = run.accounts === 0;
    const delta = isBaseline ? '' : ` (${signed(run.rssMb - baseline.rssMb)})`;
    const gcDelta = run.rssAfterGcMb - baseline.rssAfterGcMb;
    const afterGc = `after GC ${run.rssAfterGcMb.toFixed(1)} MB${isBaseline ? '' : ` (${signed(gcDelta)}, ${Math.round((gcDelta * 1024) / run.accounts)} KB/account)`}, heap ${run.heapAfterGcMb.toFixed(1)} MB`;
    const note = isBaseline ? 'Node + an empty core' : `registered in ${Math.round(run.registerMs)} ms, ${run.registeredAtEnd}/${run.accounts} still at the end`;
    return (
      `  ${String(run.accounts).padStart(3)} account${run.accounts === 1 ? ' ' : 's'}  RSS ${run.rssMb.toFixed(1).padStart(5)} MB${delta.padEnd(8)}` +
      `  CPU ${run.cpuPercent.toFixed(2).padStart(5)} %   ${afterGc}   (${note})`
    );
  });
  const seconds = Math.round(keepAliveRun.seconds);
  return {
    figures: {
      idle_rss_mb_1: mb(runWith(1).rssMb),
      idle_rss_mb_10: mb(runWith(10).rssMb),
      idle_rss_mb_100: mb(runWith(100).rssMb),
      baseline_idle_rss_mb: mb(baseline.rssMb),
      idle_cpu_percent_1: percent(runWith(1).cpuPercent),
      idle_cpu_percent_10: percent(runWith(10).cpuPercent),
      idle_cpu_percent_100: percent(runWith(100).cpuPercent),
      baseline_idle_cpu_percent: percent(baseline.cpuPercent),
      keepalive_bytes_per_hour: bytes(keepAlivePerHour),
      keepalive_wire_bytes_per_hour: bytes(wireKeepAliveSent + wireKeepAliveReceived),
      probe_wire_bytes_per_hour: bytes(probeSent + probeReceived),
      idle_seconds: seconds,
    },
    summary: [
      `idle core         child Node process, default settings, ${seconds} s idle once every account registered; RSS at the end (+ vs 0 accounts), CPU over the span`,
      ...table,
      `keep-alive        ${bytes(keepAlivePerHour)} B/account/hour sent   (the core's counter, ${KEEPALIVE_RUN} accounts over ${seconds} s; WebSocket ping + CRLF)`,
      `  on the wire     sent ${bytes(wireKeepAliveSent)}, received ${bytes(wireKeepAliveReceived)} B/account/hour   (ping/pong/CRLF frames at the relay; TCP/IP headers not counted)`,
      `  probes          sent ${bytes(probeSent)}, received ${bytes(probeReceived)} B/account/hour   (reachability OPTIONS to ourselves and the 200s, not in the keep-alive figure)`,
      `  REGISTER        ${bytes(registerWire)} B/account/hour in the idle span   (refreshes; 0 when none fell in it)`,
      ...(keepAliveRun.seconds < FULL_CYCLE_SECONDS
        ? [`  (idle span under ${FULL_CYCLE_SECONDS} s, one reachability-probe cycle: the byte figures above are not representative)`]
        : []),
    ],
    samples: runs,
  };
}
