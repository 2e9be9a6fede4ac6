/**
 * SIP over UDP against an independent softphone: call setup of our UDP
 * account (through the media gateway) next to baresip calling the same
 * auto-answering baresip callee on the same Kamailio in the same run
 * (udp/udp-callers.ts says how each is timed), calls alternating ABBA; and
 * registration recovery of a UDP account after server restarts
 * (udp/udp-recovery.ts).
 *
 * Reported:
 * - `udp_call_setup_ms`: the softphone, click on Call → 200 OK (median);
 * - `baseline_udp_call_setup_ms`: baresip, dial command → 200 OK (median);
 * - `udp_call_setup_ratio`: softphone / baresip (target ≤ 1.2);
 * - `udp_renderer_round_trip_ms`: one SIP round trip through the renderer
 *   (authorized INVITE → 100 Trying in the page), the floor a call pays twice;
 * - `udp_recovery_ms_median`: server back → registered again;
 *   `udp_recovery_noticed_ms_median`: kill → the account left `registered`.
 */
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { startBenchGateway } from '../bench-gateway';
import { Cleanup } from '../cleanup';
import { demoUser } from '../demo-users';
import { median, ms, ratio, roundMs, spread } from '../stats';
import { startBaresipOnUdp, startBaresipUdpCaller, startSoftphoneUdpCaller, type UdpCaller, type UdpCallTiming, type UdpSide } from '../udp/udp-callers';
import { measureUdpRecovery, type UdpRestartSample } from '../udp/udp-recovery';

const CALL_SETUP_TARGET_RATIO = 1.2;
const MAX_FAILED_CALLS = 3;
const RESTARTS = 5;
const [SOFTPHONE_USER, BASELINE_USER, CALLEE_USER, RECOVERY_USER] = [demoUser(31), demoUser(32), demoUser(33), demoUser(34)];

interface CallSetupSample extends UdpCallTiming {
  readonly side: UdpSide;
}

export const udpSection: BenchSection = {
  name: 'udp',
  title: 'SIP over UDP: call setup against baresip calling the same callee, recovery after server restarts',
  async run(context: BenchContext): Promise<SectionResult> {
    const cleanup = new Cleanup();
    try {
      const { kamailio } = context;
      const { gateway, isBundled } = startBenchGateway();
      cleanup.add('udp gateway', () => gateway.stop());
      await gateway.ready();
      const callee = await startBaresipOnUdp(kamailio, CALLEE_USER, 1_000);
      cleanup.add('udp callee', () => callee.stop());
      const softphone = await startSoftphoneUdpCaller({ kamailio, pages: context.pages, gateway, user: SOFTPHONE_USER });
      cleanup.add('udp softphone', () => softphone.close());
      const baseline = await startBaresipUdpCaller({ kamailio, user: BASELINE_USER });
      cleanup.add('udp baresip caller', () => baseline.close());
      context.log(`udp: callee (baresip), softphone and baresip callers registered over UDP; gateway ${isBundled ? 'from the build' : 'through tsx'}`);

      const samples: CallSetupSample[] = [];
      let failed = 0;
      const rounds = context.warmups + context.samples;
      for (let round = 0; round < rounds; round += 1) {
        // ABBA: softphone first in even rounds, baresip first in odd ones.
        const order: UdpCaller[] = round % 2 === 0 ? [softphone, baseline] : [baseline, softphone];
        for (const caller of order) {
          const timing = await caller.call(CALLEE_USER).catch((error: unknown) => error as Error);
          if (timing instanceof Error) {
            failed += 1;
            context.log(`udp round ${round + 1}: ${caller.side} call failed, dropped: ${timing.message.split('\n')[0]}`);
            if (failed > MAX_FAILED_CALLS) throw new Error(`more than ${MAX_FAILED_CALLS} UDP calls failed; last: ${timing.message}`);
            continue;
          }
          if (round >= context.warmups) samples.push({ side: caller.side, ...timing });
          context.log(`udp call round ${round + 1}/${rounds}${round < context.warmups ? ' (warm-up)' : ''}: ${caller.side} ${Math.round(timing.setupMs)} ms`);
        }
      }
      const restarts = await measureUdpRecovery(RECOVERY_USER, RESTARTS, context.log);
      return summarise(samples, restarts, failed);
    } finally {
      await cleanup.run();
    }
  },
};

function summarise(samples: readonly CallSetupSample[], restarts: readonly UdpRestartSample[], failed: number): SectionResult {
  const of = (side: UdpSide) => samples.filter((sample) => sample.side === side).map((sample) => sample.setupMs);
  const [softphone, baseline] = [of('softphone'), of('baseline')];
  const [softphoneMedian, baselineMedian] = [median(softphone), median(baseline)];
  const setupRatio = ratio(softphoneMedian, baselineMedian);
  const clickToInvite = samples.flatMap((sample) => (sample.clickToInviteMs === undefined ? [] : [sample.clickToInviteMs]));
  const clickToInviteMedian = clickToInvite.length > 0 ? median(clickToInvite) : Number.NaN;
  const recovered = restarts.map((sample) => sample.recoveredMs).filter((value): value is number => value !== null);
  const noticed = restarts.map((sample) => sample.noticedMs).filter((value): value is number => value !== null);
  const roundTrips = samples.flatMap((sample) => (sample.roundTripMs === undefined ? [] : [sample.roundTripMs]));
  const roundTripMedian = roundTrips.length > 0 ? median(roundTrips) : Number.NaN;
  const recoveryMedian = recovered.length > 0 ? median(recovered) : null;
  const noticedMedian = noticed.length > 0 ? median(noticed) : null;
  return {
    figures: {
      udp_call_setup_ms: roundMs(softphoneMedian),
      baseline_udp_call_setup_ms: roundMs(baselineMedian),
      udp_call_setup_ratio: setupRatio,
      udp_call_click_to_invite_ms: Number.isFinite(clickToInviteMedian) ? roundMs(clickToInviteMedian) : null,
      udp_call_samples: softphone.length,
      udp_renderer_round_trip_ms: Number.isFinite(roundTripMedian) ? roundMs(roundTripMedian) : null,
      udp_recovery_ms_median: recoveryMedian === null ? null : roundMs(recoveryMedian),
      udp_recovery_noticed_ms_median: noticedMedian === null ? null : roundMs(noticedMedian),
      udp_recovery_ok: Math.round((recovered.length / Math.max(1, restarts.length)) * 1000) / 1000,
      udp_recovery_restarts: restarts.length,
    },
    summary: [
      `udp call setup    softphone ${ms(softphoneMedian)}   baresip ${ms(baselineMedian)}   ratio ${setupRatio.toFixed(2)}  (target ≤ ${CALL_SETUP_TARGET_RATIO.toFixed(2)}${setupRatio <= CALL_SETUP_TARGET_RATIO ? '' : ', NOT MET'})`,
      '  softphone: click on Call → 200 OK in the renderer (UDP account, media gateway); baresip: dial command → its CALL_ESTABLISHED; same baresip callee',
      `  softphone: click → INVITE ${ms(clickToInviteMedian)}, INVITE → 200 ${ms(median(samples.filter((s) => s.side === 'softphone').map((s) => s.setupMs - (s.clickToInviteMs ?? 0))))} (medians)`,
      `  softphone ${spread(softphone)}; baresip ${spread(baseline)}; ${samples.length} calls ABBA${failed > 0 ? `, ${failed} failed and dropped` : ''}`,
      `  one round trip renderer → main → Kamailio → main → renderer (authorized INVITE → 100 Trying): ${ms(roundTripMedian)} (median); a call needs two, baresip's whole call takes ${ms(baselineMedian)}`,
      `udp recovery      ${recoveryMedian === null ? 'n/a' : ms(recoveryMedian)}   (server back → registered again, median of ${recovered.length}/${restarts.length} restarts)`,
      `  the keep-alive (5 s) noticed the dead server after ${noticedMedian === null ? 'n/a' : ms(noticedMedian)} (median)${recovered.length > 0 ? `; recovered ${spread(recovered)}` : ''}`,
    ],
    samples: { calls: samples, restarts },
  };
}
