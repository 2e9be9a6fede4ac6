/**
 * The parties of the call sections: one auto-answering callee and the two
 * callers being compared (the softphone and the bare sip.js baseline), each
 * caller behind its own SIP tap, all registered against the run's Kamailio.
 * Also the two moves every call loop needs: one call per caller in a given
 * order, and getting back to idle after a failed one.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { startSipTap } from '../../support/sip-tap';
import type { BenchContext } from '../bench-section';
import type { Cleanup } from '../cleanup';
import { startCallee, type Callee } from './callee';
import { startBaselineCaller, startSoftphoneCaller, type Caller } from './callers';
import { measureCall, type CallSample } from './measure-call';

export const SOFTPHONE_USER = 'alice';
export const BASELINE_USER = 'carol';
export const CALLEE_USER = 'bob';
/** Lets the last call's teardown (DTLS close, GC of its peer connection) finish before the next. */
const SETTLE_MS = 300;
/** A failed softphone call's panel stays 8 s to be read. */
const RECOVERY_TIMEOUT_MS = 15_000;

export interface CallParties {
  readonly callee: Callee;
  readonly softphone: Caller;
  readonly baseline: Caller;
}

/** Starts everyone; `cleanup` stops them (register it before anything can throw). */
export async function startCallParties(context: BenchContext, cleanup: Cleanup): Promise<CallParties> {
  const { kamailio, pages } = context;
  const softphoneTap = await startSipTap(kamailio.wsUrl);
  cleanup.add('softphone tap', () => softphoneTap.close());
  const baselineTap = await startSipTap(kamailio.wsUrl);
  cleanup.add('baseline tap', () => baselineTap.close());
  const callee = await startCallee({ kamailio, pages, user: CALLEE_USER, executablePath: context.cpu?.peerChromium });
  cleanup.add('callee', () => callee.close());
  const softphone = await startSoftphoneCaller({ kamailio, pages, tap: softphoneTap, user: SOFTPHONE_USER });
  cleanup.add('softphone caller', () => softphone.close());
  const baseline = await startBaselineCaller({ kamailio, pages, tap: baselineTap, user: BASELINE_USER });
  cleanup.add('baseline caller', () => baseline.close());
  return { callee, softphone, baseline };
}

/** One call by each caller in `order`; ABBA across rounds cancels drift. */
export async function measureRound(order: readonly Caller[], callee: Callee): Promise<CallSample[]> {
  const round: CallSample[] = [];
  for (const caller of order) {
    round.push(await measureCall(caller, callee, CALLEE_USER));
    await delay(SETTLE_MS);
  }
  return round;
}

/** Even rounds softphone first, odd rounds baseline first. */
export const abbaOrder = (parties: CallParties, round: number): Caller[] =>
  round % 2 === 0 ? [parties.softphone, parties.baseline] : [parties.baseline, parties.softphone];

/** After a failed call: end whatever is left and wait for every party to be idle. */
export async function recover(parties: CallParties): Promise<void> {
  const callers = [parties.softphone, parties.baseline];
  await Promise.all(callers.map((caller) => caller.hangUp().catch(() => undefined)));
  await Promise.all([...callers.map((caller) => caller.waitUntilIdle(RECOVERY_TIMEOUT_MS)), parties.callee.waitUntilIdle(RECOVERY_TIMEOUT_MS)]);
  await delay(SETTLE_MS);
}
