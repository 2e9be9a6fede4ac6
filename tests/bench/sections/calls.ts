/**
 * Call setup and first audio: the softphone as caller against a bare sip.js
 * caller (the baseline), both calling the same auto-answering callee through
 * the same Kamailio. Calls alternate ABBA between the two callers to cancel
 * drift; each call is hung up once audio flows, and the next starts only when
 * both ends are idle again. How each figure is taken: calls/measure-call.ts.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { comparisonLine, median, ms, ratio, roundMs, spread } from '../stats';
import { abbaOrder, measureRound, recover, startCallParties, warmUpCallee } from '../calls/call-parties';
import type { Side } from '../calls/callers';
import type { CallSample } from '../calls/measure-call';
import { isTimedByStats } from '../probe/probe-types';
import { measureFreshFirstCalls, type FirstCallPair } from '../calls/first-calls';

/** Rounds (one call per caller) that may fail and be replaced before the run gives up. */
const MAX_FAILED_ROUNDS = 3;
/** The issue's goal for call setup, softphone / baseline. */
const CALL_SETUP_TARGET_RATIO = 1.1;
/** How long the parties sit idle after start before the first call. */
const FIRST_CALL_IDLE_MS = 3_000;
/** Issue 13's goal for the first call after start against warm ones after the same pause (click → 200 OK; see calls/first-calls.ts). */
const FIRST_CALL_TARGET_RATIO = 1.2;
/** Callers started fresh per side between the warm rounds, each for a first call and a call after the same pause, besides the run's own callers' first calls. */
const FRESH_STARTS = 6;

export const callsSection: BenchSection = {
  name: 'calls',
  title: 'call setup and first audio',
  async run(context: BenchContext): Promise<SectionResult> {
    const { kamailio } = context;
    const cleanup = new Cleanup();
    try {
      // Before any party starts: browsers inherit the CPUs of this process.
      if (context.cpu) {
        context.cpu.apply([kamailio.pid]);
        cleanup.add('cpu split', () => context.cpu?.undo());
      }
      const parties = await startCallParties(context, cleanup);
      const { callee } = parties;
      context.log('calls: callee, softphone and baseline callers registered');
      await warmUpCallee(context, callee);
      context.log('calls: the callee answered one call from a third party');
      // "First call after start" as a user makes it: the window has been open and idle a moment.
      await delay(FIRST_CALL_IDLE_MS);

      const samples: CallSample[] = [];
      /** First calls after start: round 0's (unless it failed; a warm-up one unless --warmups=0) and those of fresh callers. */
      const firstCalls: CallSample[] = [];
      const rounds = context.warmups + context.samples;
      let failedRounds = 0;
      const fresh = { context, callee, taps: { softphone: parties.softphone.tap, baseline: parties.baseline.tap }, idleMs: FIRST_CALL_IDLE_MS };
      let freshStarts = 0;
      const freshPairs: FirstCallPair[] = [];
      const freshStart = async () => {
        freshPairs.push(...(await measureFreshFirstCalls(fresh, freshStarts, FRESH_STARTS)));
        freshStarts += 1;
      };
      for (let round = 0; round < rounds + failedRounds; round += 1) {
        const isWarmup = round < context.warmups;
        const label = `call round ${round + 1}/${rounds + failedRounds}${isWarmup ? ' (warm-up)' : ''}`;
        const measured = await measureRound(abbaOrder(parties, round), callee).catch((error: unknown) => error as Error);
        if (measured instanceof Error) {
          // One flaky call must not void a minute of measurements: drop the round, recover, add a round.
          failedRounds += 1;
          context.log(`${label} failed, dropped: ${measured.message}`);
          if (failedRounds > MAX_FAILED_ROUNDS) throw new Error(`more than ${MAX_FAILED_ROUNDS} call rounds failed; last: ${measured.message}`);
          await recover(parties);
          continue;
        }
        if (round === 0) firstCalls.push(...measured);
        if (!isWarmup) samples.push(...measured);
        context.log(`${label}: ${measured.map((s) => `${s.side} click → INVITE ${Math.round(clickToInvite(s) ?? Number.NaN)} ms, setup ${Math.round(s.callSetupMs)} ms, callee ${Math.round(s.calleeAnswerMs ?? Number.NaN)} ms, audio ${Math.round(s.firstAudioMs)} ms`).join('; ')}`);
        // After each ABBA pair of rounds, one fresh start per side.
        if (round % 2 === 1 && freshStarts < FRESH_STARTS) await freshStart();
      }
      while (freshStarts < FRESH_STARTS) await freshStart();
      const answered = await callee.answeredCount();
      const measuredCalls = rounds * 2 + freshPairs.length * 2;
      if (answered < measuredCalls) context.log(`note: the callee answered ${answered} calls, ${measuredCalls} were measured`);
      firstCalls.push(...freshPairs.map((pair) => pair.first));
      const pausedCalls = freshPairs.map((pair) => pair.afterPause);
      const cpus = context.cpu
        ? `callers on CPU ${context.cpu.testedCpus}, Kamailio and callee on CPU ${context.cpu.peerCpus}`
        : 'all processes on all CPUs';
      return summarise({ samples, firstCalls, pausedCalls }, cpus);
    } finally {
      await cleanup.run();
    }
  },
};

/** The caller's own part of click → 200: everything before its INVITE leaves (microphone, peer connection, offer, ICE). */
const clickToInvite = (sample: CallSample): number | undefined => (sample.clickToOkMs === undefined ? undefined : sample.clickToOkMs - sample.callSetupMs);

type Pick = (sample: CallSample) => number | undefined;

const valuesOf = (samples: readonly CallSample[], side: Side, pick: Pick): number[] =>
  samples
    .filter((sample) => sample.side === side)
    .map(pick)
    .filter((value): value is number => value !== undefined);

const mediansOf = (samples: readonly CallSample[], pick: Pick) => ({
  softphone: median(valuesOf(samples, 'softphone', pick)),
  baseline: median(valuesOf(samples, 'baseline', pick)),
});

interface CallSets {
  /** The warm rounds' calls, back to back. */
  readonly samples: readonly CallSample[];
  /** First calls after start: round 0's and the fresh callers'. */
  readonly firstCalls: readonly CallSample[];
  /** The fresh callers' second calls, each after the pause its first call had. */
  readonly pausedCalls: readonly CallSample[];
}

function summarise({ samples, firstCalls, pausedCalls }: CallSets, cpus: string): SectionResult {
  const values = (side: Side, pick: Pick) => valuesOf(samples, side, pick);
  const medians = (pick: Pick) => mediansOf(samples, pick);
  const both = (label: string, figures: { softphone: number; baseline: number }, note = '') =>
    `  ${label.padEnd(25)} softphone ${ms(figures.softphone)}   baseline ${ms(figures.baseline)}${note}`;
  const spreads = (label: string, pick: Pick) =>
    `  ${label.padEnd(12)} softphone ${spread(values('softphone', pick))}; baseline ${spread(values('baseline', pick))}`;

  const setup = medians((s) => s.callSetupMs);
  const audio = medians((s) => s.firstAudioMs);
  const tap = medians((s) => s.tapCallSetupMs);
  const ownHops = medians((s) => (s.tapCallSetupMs === undefined ? undefined : s.callSetupMs - s.tapCallSetupMs));
  const calleeAnswer = medians((s) => s.calleeAnswerMs);
  const exact = samples.filter((sample) => isTimedByStats(sample.firstPacketSource)).length;
  const unmuteLag = medians((s) => s.unmuteLagMs);
  const warmClickToOk = medians((s) => s.clickToOkMs);
  const firstValues = (side: Side, pick: Pick) => valuesOf(firstCalls, side, pick);
  const firstMedians = (pick: Pick) => mediansOf(firstCalls, pick);
  const firstCall = firstMedians((s) => s.clickToOkMs);
  const pausedCall = mediansOf(pausedCalls, (s) => s.clickToOkMs);
  const firstCallRatio = ratio(firstCall.softphone, pausedCall.softphone);
  const baselineFirstCallRatio = ratio(firstCall.baseline, pausedCall.baseline);
  const backToBackRatio = { softphone: ratio(firstCall.softphone, warmClickToOk.softphone), baseline: ratio(firstCall.baseline, warmClickToOk.baseline) };
  const firstClickToInvite = firstMedians(clickToInvite);
  const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

  return {
    figures: {
      call_setup_ms: roundMs(setup.softphone),
      baseline_call_setup_ms: roundMs(setup.baseline),
      call_setup_ratio: ratio(setup.softphone, setup.baseline),
      first_audio_ms: roundMs(audio.softphone),
      baseline_first_audio_ms: roundMs(audio.baseline),
      first_audio_ratio: ratio(audio.softphone, audio.baseline),
      tap_call_setup_ms: roundMs(tap.softphone),
      baseline_tap_call_setup_ms: roundMs(tap.baseline),
      callee_answer_ms: roundMs(calleeAnswer.softphone),
      baseline_callee_answer_ms: roundMs(calleeAnswer.baseline),
      call_samples: values('softphone', (s) => s.callSetupMs).length,
      first_call_setup_ms: finite(roundMs(firstCall.softphone)),
      first_call_samples: firstValues('softphone', (s) => s.clickToOkMs).length,
      paused_call_click_to_ok_ms: finite(roundMs(pausedCall.softphone)),
      paused_call_samples: valuesOf(pausedCalls, 'softphone', (s) => s.clickToOkMs).length,
      first_call_ratio: finite(firstCallRatio),
      warm_call_click_to_ok_ms: finite(roundMs(warmClickToOk.softphone)),
      first_to_back_to_back_ratio: finite(backToBackRatio.softphone),
      first_call_click_to_invite_ms: finite(roundMs(firstClickToInvite.softphone)),
      warm_call_click_to_invite_ms: finite(roundMs(medians(clickToInvite).softphone)),
      baseline_first_call_setup_ms: finite(roundMs(firstCall.baseline)),
      baseline_paused_call_click_to_ok_ms: finite(roundMs(pausedCall.baseline)),
      baseline_first_call_ratio: finite(baselineFirstCallRatio),
      baseline_warm_call_click_to_ok_ms: finite(roundMs(warmClickToOk.baseline)),
      baseline_first_to_back_to_back_ratio: finite(backToBackRatio.baseline),
    },
    summary: [
      comparisonLine('call setup', setup.softphone, setup.baseline, CALL_SETUP_TARGET_RATIO),
      comparisonLine('first audio', audio.softphone, audio.baseline),
      spreads('call setup', (s) => s.callSetupMs),
      spreads('first audio', (s) => s.firstAudioMs),
      both('200 OK → first audio', medians((s) => s.okToAudioMs)),
      both('INVITE → 200 at the tap', tap),
      both("caller's own hops", ownHops, '   (page − tap: for the softphone renderer ↔ main ↔ socket)'),
      both('callee INVITE → 200', calleeAnswer, '   (same callee: a gap here is CPU contention, not the caller)'),
      `  first packet: ${exact}/${samples.length} timed by its arrival in the stats` + (exact < samples.length ? ", the rest by the track's unmute" : ''),
      both('unmute after arrival', unmuteLag, "   (the page's main thread hearing of it)"),
      both('first call: click → 200', firstCall, '   (median of the first calls after start)'),
      `  first call   softphone ${spread(firstValues('softphone', (s) => s.clickToOkMs))}; baseline ${spread(firstValues('baseline', (s) => s.clickToOkMs))}`,
      `  same pause   softphone ${spread(valuesOf(pausedCalls, 'softphone', (s) => s.clickToOkMs))}; baseline ${spread(valuesOf(pausedCalls, 'baseline', (s) => s.clickToOkMs))}`,
      both('same pause: click → 200', pausedCall, '   (the fresh callers\' next call, after the pause their first had)'),
      both('back to back: click → 200', warmClickToOk, '   (the warm rounds)'),
      both('first call: click → INVITE', firstClickToInvite, "   (the caller's own part of it)"),
      both('warm: click → INVITE', medians(clickToInvite)),
      `  first call ratio          softphone ${firstCallRatio.toFixed(2)}   baseline ${baselineFirstCallRatio.toFixed(2)}   (first / same pause click → 200; target ≤ ${FIRST_CALL_TARGET_RATIO.toFixed(2)}${firstCallRatio <= FIRST_CALL_TARGET_RATIO ? '' : ', NOT MET'})`,
      `  first / back to back      softphone ${backToBackRatio.softphone.toFixed(2)}   baseline ${backToBackRatio.baseline.toFixed(2)}   (the pause's cost included)`,
      `  ${samples.length} calls, alternating ABBA; ${cpus}`,
    ],
    // The first calls too (round 0 is a warm-up round; fresh starts are not in `measured`), to read where a first call's time went.
    samples: { measured: samples, firstCalls, pausedCalls },
  };
}
