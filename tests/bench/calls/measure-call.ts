/**
 * One benchmarked call: dial, wait for the first audio packet, hang up, wait
 * until both ends are idle; then read the timings from the caller's probe
 * (page clock), the callee's probe and the caller's tap (Node clock).
 *
 * - click → 200 = the user's click on Call (the baseline page: its API asked
 *   to call) → the same 200 OK: also what happens before the INVITE leaves
 *   (microphone, peer connection, offer, ICE gathering), which the first
 *   call after start pays most for.
 * - call setup  = first INVITE handed to the caller's WebSocket → the 200 OK
 *   to it arriving in the caller's page. The first INVITE is the
 *   unauthenticated one: the 407 challenge and the authenticated INVITE are
 *   part of the setup for both callers alike.
 * - first audio = the same INVITE → the first RTP audio packet received by
 *   the caller's RTCPeerConnection (see probe/caller-probe.ts).
 * - at the tap  = the same INVITE → 200 OK as the tap between the caller and
 *   Kamailio sees them: without the caller's own hops (for the softphone,
 *   renderer ↔ main ↔ socket).
 * - callee answer = INVITE in → 200 OK out, in the callee's page: the part
 *   of the setup the caller does not control (it should not differ between
 *   callers; when it does, the parties are competing for the CPU).
 */
import type { SipTap } from '../../support/sip-tap';
import type { FirstPacketSource, MediaRecord } from '../probe/probe-types';
import { answerTiming, inviteTiming, inviteTimingFor, sipEvents, type SipEvent, type TimedFrame } from '../sip-timeline';
import type { Callee } from './callee';
import type { Caller, Side } from './callers';

export interface CallSample {
  readonly side: Side;
  readonly callId: string;
  /** When the INVITE left, page clock (epoch ms): lines the call up with a profile of the page. */
  readonly inviteAt: number;
  readonly callSetupMs: number;
  /** The user's action (click on Call) → 200 OK; undefined if the probe saw no action before the INVITE. */
  readonly clickToOkMs: number | undefined;
  readonly firstAudioMs: number;
  /** 200 OK → first audio: the caller applies the answer, ICE + DTLS, the callee's first packet. */
  readonly okToAudioMs: number;
  /** INVITE → 200 OK at the tap; undefined if the tap missed the call. */
  readonly tapCallSetupMs: number | undefined;
  /** INVITE in → 200 OK out at the callee. */
  readonly calleeAnswerMs: number | undefined;
  readonly firstPacketSource: FirstPacketSource | undefined;
  /** Track unmute − first packet arrival: how late the page's main thread heard of it. */
  readonly unmuteLagMs: number | undefined;
  readonly statsPackets: number | undefined;
  /** The call's SIP messages, ms from the INVITE: where (page/tap/callee), direction, what. */
  readonly timeline: string[];
}

const CALL_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 10_000;

const frameCount = (page: Caller['page']) => page.evaluate(() => window.benchProbe!.frames.length);
const framesSince = (page: Caller['page'], from: number) => page.evaluate((index) => window.benchProbe!.frames.slice(index), from);

export async function measureCall(caller: Caller, callee: Callee, target: string): Promise<CallSample> {
  const { page } = caller;
  const [mediaMark, actionMark, markedAt] = await page.evaluate(() => [window.benchProbe!.media.length, window.benchProbe!.actions.length, performance.timeOrigin + performance.now()]);
  const [callerMark, calleeMark] = await Promise.all([frameCount(page), frameCount(callee.page)]);
  const tapMark = caller.tap.messages.length;

  await caller.dial(target);
  let media: MediaRecord;
  try {
    media = await page.evaluate(([index, timeoutMs, since]) => window.benchProbe!.waitForFirstAudio(index, timeoutMs, since), [mediaMark, CALL_TIMEOUT_MS, markedAt] as const);
  } catch (error) {
    await caller.hangUp().catch(() => undefined);
    throw new Error(`${caller.side} call to ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }
  await caller.hangUp();
  await Promise.all([caller.waitUntilIdle(IDLE_TIMEOUT_MS), callee.waitUntilIdle(IDLE_TIMEOUT_MS)]);

  const [callerFrames, calleeFrames] = await Promise.all([framesSince(page, callerMark), framesSince(callee.page, calleeMark)]);
  const callerEvents = sipEvents(callerFrames);
  const timing = inviteTiming(callerEvents);
  if (!timing) throw new Error(`${caller.side}: no INVITE → 200 OK among the ${callerFrames.length} frames of the call`);
  const { callId, inviteAt, okAt } = timing;
  const tapEvents = sipEvents(tapFrames(caller.tap, tapMark));
  const calleeEvents = sipEvents(calleeFrames);
  const tap = inviteTimingFor(tapEvents, callId);
  const answer = answerTiming(calleeEvents, callId);
  const firstPacketAt = media.firstPacketAt!;
  const actions = await page.evaluate((from) => window.benchProbe!.actions.slice(from), actionMark);
  const actionAt = actions.filter((at) => at <= inviteAt).at(-1);
  return {
    side: caller.side,
    callId,
    inviteAt,
    callSetupMs: okAt - inviteAt,
    clickToOkMs: actionAt === undefined ? undefined : okAt - actionAt,
    firstAudioMs: firstPacketAt - inviteAt,
    okToAudioMs: firstPacketAt - okAt,
    tapCallSetupMs: tap ? tap.okAt - tap.inviteAt : undefined,
    calleeAnswerMs: answer ? answer.okAt - answer.inviteAt : undefined,
    firstPacketSource: media.firstPacketSource,
    unmuteLagMs: media.unmuteAt === undefined ? undefined : media.unmuteAt - firstPacketAt,
    statsPackets: media.statsPackets,
    timeline: timelineOf(callId, inviteAt, { page: callerEvents, tap: tapEvents, callee: calleeEvents }),
  };
}

function tapFrames(tap: SipTap, from: number): TimedFrame[] {
  return tap.messages.slice(from).map((message) => ({
    direction: message.direction === 'to-server' ? 'out' : 'in',
    at: message.at,
    data: message.text,
  }));
}

/**
 * For reading one call in test-results/bench-samples.json. Page, callee and
 * tap clocks are all this machine's wall clock (the tap's to 1 ms only).
 */
function timelineOf(callId: string, origin: number, sources: Record<string, readonly SipEvent[]>): string[] {
  return Object.entries(sources)
    .flatMap(([where, events]) => events.filter((event) => event.callId === callId).map((event) => ({ where, event })))
    .sort((a, b) => a.event.at - b.event.at)
    .map(({ where, event }) => {
      const what = event.method ?? `${event.status} (${event.cseqMethod})`;
      return `${(event.at - origin).toFixed(1).padStart(7)} ms  ${where.padEnd(6)} ${event.direction.padEnd(3)} ${what}`;
    });
}
