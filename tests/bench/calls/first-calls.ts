/**
 * "First call after start" samples, each paired with a warm call made after
 * the same pause. Each is a caller started fresh (a new main core, browser
 * and window for the softphone; a new browser and page for the baseline),
 * left idle as a user's window would be, making one call; then, idle again
 * as long as the callee was before that first call, making a second.
 *
 * Why the pair: the pause itself slows a call, whoever makes it. A warm
 * caller's call 6 s after its last took 115 ms click → 200 against 89 ms
 * 0.7 s after it (median of 9 each), mostly in the callee, whose
 * setRemoteDescription took 18 ms after a pause against 7 ms back to back.
 * A first call always comes after a pause (the start, the idle window), and
 * so do most calls a user makes; the calls of the warm rounds come back to
 * back. So the first call is compared with a warm call after the same pause,
 * and the back-to-back calls are reported beside it.
 *
 * One sample per run moved from 1.0 to 1.7 times the warm calls from run to
 * run, too much to judge a 1.2 target by: hence several starts, spread
 * between the warm rounds, so a machine that slows down or speeds up during
 * the run (this one's CPUs are shared) shifts both calls of a pair alike.
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

/** A fresh caller's first call, and its next call after the same pause. */
export interface FirstCallPair {
  readonly first: CallSample;
  readonly afterPause: CallSample;
  /** How long the callee sat idle before each of the two calls. */
  readonly pauseMs: number;
}

/**
 * Fresh start number `start` (from 0) of each side, softphone first; a start
 * whose calls fail is logged and skipped (the others still count).
 */
export async function measureFreshFirstCalls(options: FreshStarts, start: number, count: number): Promise<FirstCallPair[]> {
  const pairs: FirstCallPair[] = [];
  for (const side of ['softphone', 'baseline'] as const) {
    const label = `fresh ${side} start ${start + 1}/${count}`;
    const pair = await firstCallOfFreshCaller(options, side, start).catch((error: unknown) => error as Error);
    if (pair instanceof Error) {
      options.context.log(`${label} failed, skipped: ${pair.message}`);
      continue;
    }
    pairs.push(pair);
    const clickToOk = (sample: CallSample) => Math.round(sample.clickToOkMs ?? Number.NaN);
    options.context.log(
      `${label}: click → 200 ${clickToOk(pair.first)} ms first, ${clickToOk(pair.afterPause)} ms after the same ${(pair.pauseMs / 1000).toFixed(1)} s pause`,
    );
  }
  return pairs;
}

async function firstCallOfFreshCaller(options: FreshStarts, side: Side, start: number): Promise<FirstCallPair> {
  const { context, callee, taps, idleMs } = options;
  // The callee's last call ended before this start began (a little earlier still: the previous caller's close).
  const calleeIdleSince = performance.now();
  const user = demoUser(FIRST_FRESH_USER[side] + (start % FRESH_USERS_PER_SIDE));
  const startCaller = side === 'softphone' ? startSoftphoneCaller : startBaselineCaller;
  const caller: Caller = await startCaller({ kamailio: context.kamailio, pages: context.pages, tap: taps[side], user });
  try {
    await delay(idleMs);
    const pauseMs = performance.now() - calleeIdleSince;
    const first = await measureCall(caller, callee, CALLEE_USER);
    await delay(pauseMs);
    const afterPause = await measureCall(caller, callee, CALLEE_USER);
    return { first, afterPause, pauseMs };
  } finally {
    await caller.close();
  }
}
