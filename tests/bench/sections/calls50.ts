/**
 * Fifty sequential calls per caller: call setup spread (median and p95) and
 * what the renderer keeps afterwards. Memory is read after the first call
 * and after the fiftieth, each time after the probe's own records are dropped
 * and two forced garbage collections, so the growth is what the calls left
 * behind (a leaked RTCPeerConnection, audio element or session shows here,
 * and in the count of peer connections still open). The bare sip.js page is
 * measured the same way in the same run, as the baseline.
 */
import type { Page } from 'playwright-core';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { abbaOrder, measureRound, recover, startCallParties } from '../calls/call-parties';
import type { Caller, Side } from '../calls/callers';
import type { CallSample } from '../calls/measure-call';
import { comparisonLine, quantile, ratio, roundMs } from '../stats';

const CALLS = 50;
const MAX_FAILED_ROUNDS = 5;
const MB = 1024 * 1024;

interface Leftovers {
  readonly heapMb: number;
  readonly openPeerConnections: number;
  readonly audioElements: number;
}

export const calls50Section: BenchSection = {
  name: 'calls50',
  title: `${CALLS} sequential calls: setup spread and renderer memory`,
  async run(context: BenchContext): Promise<SectionResult> {
    const cleanup = new Cleanup();
    try {
      const parties = await startCallParties(context, cleanup);
      const callers = [parties.softphone, parties.baseline];
      const samples: CallSample[] = [];
      const afterFirst = new Map<Side, Leftovers>();
      let failedRounds = 0;
      for (let round = 0; round < CALLS + failedRounds; round += 1) {
        const measured = await measureRound(abbaOrder(parties, round), parties.callee).catch((error: unknown) => error as Error);
        if (measured instanceof Error) {
          failedRounds += 1;
          context.log(`calls50: round ${round + 1} failed, dropped: ${measured.message}`);
          if (failedRounds > MAX_FAILED_ROUNDS) throw new Error(`more than ${MAX_FAILED_ROUNDS} rounds failed; last: ${measured.message}`);
          await recover(parties);
          continue;
        }
        samples.push(...measured);
        if (afterFirst.size === 0) for (const caller of callers) afterFirst.set(caller.side, await leftovers(caller));
        if ((round + 1) % 10 === 0) context.log(`calls50: ${round + 1 - failedRounds}/${CALLS} calls per caller`);
      }
      const afterLast = new Map<Side, Leftovers>();
      for (const caller of callers) afterLast.set(caller.side, await leftovers(caller));
      return summarise(samples, afterFirst, afterLast);
    } finally {
      await cleanup.run();
    }
  },
};

/** What a caller's page holds once idle: heap after GC, open peer connections, audio elements. */
async function leftovers(caller: Caller): Promise<Leftovers> {
  const { page } = caller;
  await page.evaluate(() => window.benchProbe!.clearRecords());
  const heapMb = (await usedHeapAfterGc(page)) / MB;
  const openPeerConnections = await page.evaluate(() => window.benchProbe!.openPeerConnections());
  const audioElements = await page.locator('audio').count();
  return { heapMb, openPeerConnections, audioElements };
}

async function usedHeapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // Twice: the first pass can leave objects only a finalizer released.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}

function summarise(samples: readonly CallSample[], afterFirst: Map<Side, Leftovers>, afterLast: Map<Side, Leftovers>): SectionResult {
  const setups = (side: Side) => samples.filter((sample) => sample.side === side).map((sample) => sample.callSetupMs);
  const p50 = (side: Side) => quantile(setups(side), 0.5);
  const p95 = (side: Side) => quantile(setups(side), 0.95);
  const growth = (side: Side) => (afterLast.get(side)?.heapMb ?? Number.NaN) - (afterFirst.get(side)?.heapMb ?? Number.NaN);
  const round1 = (value: number) => Math.round(value * 100) / 100;
  const left = (side: Side) => afterLast.get(side);
  const describe = (side: Side) =>
    `heap ${afterFirst.get(side)?.heapMb.toFixed(1)} → ${left(side)?.heapMb.toFixed(1)} MB (${growth(side) >= 0 ? '+' : ''}${growth(side).toFixed(2)}), ` +
    `${left(side)?.openPeerConnections} peer connections open, ${left(side)?.audioElements} audio elements`;
  return {
    figures: {
      calls50_setup_ms_p50: roundMs(p50('softphone')),
      calls50_setup_ms_p95: roundMs(p95('softphone')),
      baseline_calls50_setup_ms_p50: roundMs(p50('baseline')),
      baseline_calls50_setup_ms_p95: roundMs(p95('baseline')),
      calls50_setup_p50_ratio: ratio(p50('softphone'), p50('baseline')),
      renderer_heap_growth_mb_50_calls: round1(growth('softphone')),
      baseline_heap_growth_mb_50_calls: round1(growth('baseline')),
      open_peer_connections_after_50_calls: left('softphone')?.openPeerConnections ?? null,
      baseline_open_peer_connections_after_50_calls: left('baseline')?.openPeerConnections ?? null,
      audio_elements_after_50_calls: left('softphone')?.audioElements ?? null,
      calls50_samples: setups('softphone').length,
    },
    summary: [
      comparisonLine(`${CALLS} calls, p50`, p50('softphone'), p50('baseline')),
      comparisonLine(`${CALLS} calls, p95`, p95('softphone'), p95('baseline')),
      `  after ${CALLS} calls vs after the first (idle, after GC):`,
      `    softphone renderer: ${describe('softphone')}`,
      `    baseline page:      ${describe('baseline')}`,
    ],
    samples: samples.map(({ side, callId, callSetupMs }) => ({ side, callId, callSetupMs })),
  };
}
