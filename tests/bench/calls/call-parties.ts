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
import { demoUser, passwordOf } from '../demo-users';
import { startPeerBrowser } from '../peer-browser';
import { startCallee, type Callee } from './callee';
import { startBaselineCaller, startSoftphoneCaller, waitUntilNoSession, type Caller } from './callers';
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

/** Neither caller: its only call is the callee's first, so no caller's first call pays for the callee's. */
const CALLEE_WARM_UP_USER = demoUser(24);
const WARM_UP_CALL_MS = 1_000;
const WARM_UP_TIMEOUT_MS = 15_000;

/**
 * One unmeasured call to the callee from a third bare sip.js page, before
 * either caller's first call: the callee's first answer (its first peer
 * connection, DTLS, codecs) and Kamailio's first routing to it would
 * otherwise land on whichever caller goes first, and "first call after
 * start" is about the caller's start.
 */
export async function warmUpCallee(context: BenchContext, callee: Callee): Promise<void> {
  const { kamailio, pages } = context;
  const peer = await startPeerBrowser(pages, { label: `callee warm-up ${CALLEE_WARM_UP_USER}`, toneHz: 1_000, withProbe: false, executablePath: context.cpu?.peerChromium });
  try {
    const account = { wsUrl: kamailio.wsUrl, user: CALLEE_WARM_UP_USER, domain: kamailio.domain, password: passwordOf(kamailio, CALLEE_WARM_UP_USER) };
    await peer.page.evaluate((input) => window.benchPeer!.start(input, 'caller'), account);
    const answeredBefore = await callee.answeredCount();
    await peer.page.evaluate((target) => window.benchPeer!.call(target), callee.user);
    const deadline = Date.now() + WARM_UP_TIMEOUT_MS;
    while ((await callee.answeredCount()) === answeredBefore && Date.now() < deadline) await delay(50);
    await delay(WARM_UP_CALL_MS);
    await peer.page.evaluate(() => window.benchPeer!.hangUp());
    await Promise.all([waitUntilNoSession(peer.page, 'callee warm-up caller', WARM_UP_TIMEOUT_MS), callee.waitUntilIdle(WARM_UP_TIMEOUT_MS)]);
  } finally {
    await peer.page.evaluate(() => window.benchPeer!.stop()).catch(() => undefined);
    await peer.close();
  }
  await delay(SETTLE_MS);
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
