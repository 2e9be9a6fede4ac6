/**
 * Answer → audio: the softphone as the called party against a bare sip.js
 * answerer, both called by the same bare sip.js caller through the same
 * Kamailio. Each call rings a moment (as it would for a person), then the
 * answerer answers: the softphone by a click on Answer in its incoming-call
 * panel, the baseline page when its API is asked to. The figure is that
 * action → the first RTP audio packet arriving at the answerer (both pages
 * carry the same probe: probe/caller-probe.ts). Each answerer reaches
 * Kamailio through a SIP tap of its own (the softphone's server URL is its
 * tap), so neither 200 OK skips a relay hop the other takes. Calls
 * alternate ABBA.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { startSipTap } from '../../support/sip-tap';
import { incomingPanel } from '../../support/ui-actions';
import { waitFor } from '../../support/wait-for';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { isTimedByStats, type FirstPacketSource } from '../probe/probe-types';
import { waitUntilNoSession, startSoftphoneCaller } from '../calls/callers';
import { Cleanup } from '../cleanup';
import { demoUser, passwordOf } from '../demo-users';
import { startPeerBrowser } from '../peer-browser';
import { sipEvents } from '../sip-timeline';
import { comparisonLine, median, ms, ratio, roundMs, spread } from '../stats';

type Side = 'softphone' | 'baseline';

interface Answerer {
  readonly side: Side;
  readonly user: string;
  readonly page: Page;
  waitUntilRinging(timeoutMs: number): Promise<void>;
  answer(): Promise<void>;
  waitUntilIdle(timeoutMs: number): Promise<void>;
}

interface AnswerSample {
  readonly side: Side;
  readonly answerToAudioMs: number;
  /** How the first packet's arrival was taken (probe-types.ts). */
  readonly firstPacketSource: FirstPacketSource | undefined;
  /** Answer → the 200 OK leaving the page (the answerer's own part); undefined if the page's frames missed it. */
  readonly answerToOkMs: number | undefined;
}

/** How long each call rings before it is answered: time the softphone may use to prepare, as a person takes to click. */
const RING_MS = 600;
const STEP_TIMEOUT_MS = 10_000;
const SETTLE_MS = 300;
const MAX_FAILED_ROUNDS = 3;
const CALLER_TONE_HZ = 1_500;
const ANSWERER_TONE_HZ = 600;

export const answerSection: BenchSection = {
  name: 'answer',
  title: 'answer → first audio at the answerer',
  async run(context: BenchContext): Promise<SectionResult> {
    const { kamailio, pages } = context;
    const cleanup = new Cleanup();
    try {
      if (context.cpu) {
        context.cpu.apply([kamailio.pid]);
        cleanup.add('cpu split', () => context.cpu?.undo());
      }
      const [callerUser, softphoneUser, baselineUser] = [demoUser(21), demoUser(22), demoUser(23)];
      const caller = await startPeerBrowser(pages, { label: `answer caller ${callerUser}`, toneHz: CALLER_TONE_HZ, withProbe: false, executablePath: context.cpu?.peerChromium });
      cleanup.add('caller', () => caller.close());
      await caller.page.evaluate((account) => window.benchPeer!.start(account, 'caller'), accountOf(context, callerUser, kamailio.wsUrl));

      const tap = await startSipTap(kamailio.wsUrl);
      cleanup.add('softphone tap', () => tap.close());
      const softphone = await startSoftphoneCaller({ kamailio, pages, tap, user: softphoneUser });
      cleanup.add('softphone', () => softphone.close());
      // The baseline's SIP crosses a tap as well, so both answerers' 200 OK takes the same relay hop (the softphone's is its server URL).
      const baselineTap = await startSipTap(kamailio.wsUrl);
      cleanup.add('baseline tap', () => baselineTap.close());
      const baselinePeer = await startPeerBrowser(pages, { label: `answerer ${baselineUser}`, toneHz: ANSWERER_TONE_HZ, withProbe: true });
      cleanup.add('baseline answerer', () => baselinePeer.close());
      await baselinePeer.page.evaluate((account) => window.benchPeer!.start(account, 'answerer'), accountOf(context, baselineUser, baselineTap.url));

      const answerers: Record<Side, Answerer> = {
        softphone: {
          side: 'softphone',
          user: softphoneUser,
          page: softphone.page,
          waitUntilRinging: (timeoutMs) => incomingPanel(softphone.page).waitFor({ state: 'visible', timeout: timeoutMs }),
          answer: () => incomingPanel(softphone.page).getByRole('button', { name: 'Answer' }).click(),
          waitUntilIdle: (timeoutMs) => softphone.waitUntilIdle(timeoutMs),
        },
        baseline: {
          side: 'baseline',
          user: baselineUser,
          page: baselinePeer.page,
          async waitUntilRinging(timeoutMs) {
            await waitFor('baseline answerer ringing', () => baselinePeer.page.evaluate(() => window.benchPeer!.ringingCount() > 0), timeoutMs);
          },
          answer: () => baselinePeer.page.evaluate(() => window.benchPeer!.answer()),
          waitUntilIdle: (timeoutMs) => waitUntilNoSession(baselinePeer.page, 'baseline answerer', timeoutMs),
        },
      };
      context.log('answer: caller and both answerers registered');

      const samples: AnswerSample[] = [];
      const rounds = context.warmups + context.samples;
      let failedRounds = 0;
      for (let round = 0; round < rounds + failedRounds; round += 1) {
        const isWarmup = round < context.warmups;
        const order = round % 2 === 0 ? [answerers.softphone, answerers.baseline] : [answerers.baseline, answerers.softphone];
        const label = `answer round ${round + 1}/${rounds + failedRounds}${isWarmup ? ' (warm-up)' : ''}`;
        try {
          const measured: AnswerSample[] = [];
          for (const answerer of order) {
            measured.push(await measureAnswer(caller.page, answerer));
            await delay(SETTLE_MS);
          }
          if (!isWarmup) samples.push(...measured);
          context.log(`${label}: ${measured.map((s) => `${s.side} ${Math.round(s.answerToAudioMs)} ms (200 OK sent after ${Math.round(s.answerToOkMs ?? Number.NaN)} ms)`).join('; ')}`);
        } catch (error) {
          failedRounds += 1;
          const message = error instanceof Error ? error.message : String(error);
          context.log(`${label} failed, dropped: ${message}`);
          if (failedRounds > MAX_FAILED_ROUNDS) throw new Error(`more than ${MAX_FAILED_ROUNDS} answer rounds failed; last: ${message}`);
          await caller.page.evaluate(() => window.benchPeer!.hangUp()).catch(() => undefined);
          await Promise.all([waitUntilNoSession(caller.page, 'caller', 15_000), ...Object.values(answerers).map((answerer) => answerer.waitUntilIdle(15_000))]);
        }
      }
      return summarise(samples);
    } finally {
      await cleanup.run();
    }
  },
};

function accountOf(context: BenchContext, user: string, wsUrl: string) {
  return { wsUrl, user, domain: context.kamailio.domain, password: passwordOf(context.kamailio, user) };
}

async function measureAnswer(caller: Page, answerer: Answerer): Promise<AnswerSample> {
  const [mediaMark, actionMark, frameMark] = await answerer.page.evaluate(() => [window.benchProbe!.media.length, window.benchProbe!.actions.length, window.benchProbe!.frames.length]);
  await caller.evaluate((target) => window.benchPeer!.call(target), answerer.user);
  try {
    await answerer.waitUntilRinging(STEP_TIMEOUT_MS);
    await delay(RING_MS);
    await answerer.answer();
    const media = await answerer.page.evaluate(([index, timeoutMs]) => window.benchProbe!.waitForFirstAudio(index, timeoutMs), [mediaMark, STEP_TIMEOUT_MS] as const);
    const actions = await answerer.page.evaluate((from) => window.benchProbe!.actions.slice(from), actionMark);
    const firstPacketAt = media.firstPacketAt!;
    const answeredAt = actions.filter((at) => at <= firstPacketAt).at(-1);
    if (answeredAt === undefined) throw new Error(`${answerer.side}: the probe saw no answer before the first audio packet`);
    const frames = await answerer.page.evaluate((from) => window.benchProbe!.frames.slice(from), frameMark);
    const okSent = sipEvents(frames).find((event) => event.direction === 'out' && event.status === 200 && event.cseqMethod === 'INVITE' && event.at >= answeredAt);
    return { side: answerer.side, answerToAudioMs: firstPacketAt - answeredAt, firstPacketSource: media.firstPacketSource, answerToOkMs: okSent && okSent.at - answeredAt };
  } finally {
    await caller.evaluate(() => window.benchPeer!.hangUp()).catch(() => undefined);
    await Promise.all([waitUntilNoSession(caller, 'caller', STEP_TIMEOUT_MS), answerer.waitUntilIdle(STEP_TIMEOUT_MS)]);
  }
}

function summarise(samples: readonly AnswerSample[]): SectionResult {
  const values = (side: Side) => samples.filter((sample) => sample.side === side).map((sample) => sample.answerToAudioMs);
  const toOk = (side: Side) => median(samples.filter((sample) => sample.side === side).flatMap((sample) => (sample.answerToOkMs === undefined ? [] : [sample.answerToOkMs])));
  const timedByStats = (side: Side) => {
    const ofSide = samples.filter((sample) => sample.side === side);
    return `${ofSide.filter((sample) => isTimedByStats(sample.firstPacketSource)).length}/${ofSide.length}`;
  };
  const softphone = median(values('softphone'));
  const baseline = median(values('baseline'));
  const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
  return {
    figures: {
      answer_to_audio_ms: finite(roundMs(softphone)),
      baseline_answer_to_audio_ms: finite(roundMs(baseline)),
      answer_to_audio_ratio: finite(ratio(softphone, baseline)),
      answer_samples: values('softphone').length,
      answer_to_ok_ms: finite(roundMs(toOk('softphone'))),
      baseline_answer_to_ok_ms: finite(roundMs(toOk('baseline'))),
    },
    summary: [
      comparisonLine('answer → audio', softphone, baseline, 1),
      `  answer → audio  softphone ${spread(values('softphone'))}; baseline ${spread(values('baseline'))}`,
      `  answer → 200 OK sent      softphone ${ms(toOk('softphone'))}   baseline ${ms(toOk('baseline'))}   (the answerer's own part; the rest is the 200's way, ICE, DTLS and the first packet)`,
      `  first packet timed by the stats (exact or paced): softphone ${timedByStats('softphone')}, baseline ${timedByStats('baseline')}; the rest by the track's unmute`,
      `  ${samples.length} calls, each ringing ${RING_MS} ms before the answer, alternating ABBA; the same bare sip.js caller`,
    ],
    samples,
  };
}
