/**
 * More "first call after start" samples than the one a run's own callers
 * give: each is a caller started fresh (a new main core, browser and window
 * for the softphone; a new browser and page for the baseline), left idle as a
 * user's window would be, then making one call. One sample per run moved
 * from 1.0 to 1.7 times the warm calls from run to run, too much to judge a
 * 1.2 target by. The starts are spread between the warm rounds, so a machine
 * that slows down or speeds up during the run (this one's CPUs are shared)
 * shifts first and warm calls alike.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SipTap } from '../../support/sip-tap';
import type { BenchContext } from '../bench-section';
import { demoUser } from '../demo-users';
import type { Callee } from './callee';
import { startBaselineCaller, startSoftphoneCaller, type Caller, type Side } from './callers';
import { CALLEE_USER } from './call-parties';
import { measureCall, type CallSample } from './measure-call';

/** Fresh callers get users of their own, so no start meets the registration of an earlier one. */
const FIRST_FRESH_USER: Record<Side, number> = { softphone: 40, baseline: 50 };
/** Each start's user is one of these in turn. */
const FRESH_USERS_PER_SIDE = 10;

export interface FreshStarts {
  readonly context: BenchContext;
  readonly callee: Callee;
  /** The taps of the run's callers: a fresh caller goes through its side's, so it carries the same instrumentation. */
  readonly taps: Record<Side, SipTap>;
  /** How long a fresh window sits idle before its call. */
  readonly idleMs: number;
}

/**
 * Fresh start number `start` (from 0) of each side, softphone first; a start
 * whose call fails is logged and skipped (the others still count).
 */
export async function measureFreshFirstCalls(options: FreshStarts, start: number, count: number): Promise<CallSample[]> {
  const samples: CallSample[] = [];
  for (const side of ['softphone', 'baseline'] as const) {
    const label = `fresh ${side} start ${start + 1}/${count}`;
    const sample = await firstCallOfFreshCaller(options, side, start).catch((error: unknown) => error as Error);
    if (sample instanceof Error) {
      options.context.log(`${label} failed, skipped: ${sample.message}`);
      continue;
    }
    samples.push(sample);
    options.context.log(`${label}: click → 200 ${Math.round(sample.clickToOkMs ?? Number.NaN)} ms, setup ${Math.round(sample.callSetupMs)} ms`);
  }
  return samples;
}

async function firstCallOfFreshCaller(options: FreshStarts, side: Side, start: number): Promise<CallSample> {
  const { context, callee, taps, idleMs } = options;
  const user = demoUser(FIRST_FRESH_USER[side] + (start % FRESH_USERS_PER_SIDE));
  const startCaller = side === 'softphone' ? startSoftphoneCaller : startBaselineCaller;
  const caller: Caller = await startCaller({ kamailio: context.kamailio, pages: context.pages, tap: taps[side], user });
  try {
    await delay(idleMs);
    return await measureCall(caller, callee, CALLEE_USER);
  } finally {
    await caller.close();
  }
}
