/**
 * What the media gateway costs per relayed call: Chromium (fake microphone,
 * one browser, one peer connection per call) calls plain PCMU phones
 * (node:dgram) through the real translator and gateway process, 1 call and
 * then 5 at once, each held for `--gateway-seconds` (default 20 s, shorter
 * than the issue's 60 s so the bench fits the machine; the figures are
 * per-second rates and percentiles, which a longer hold refines but does not
 * shift).
 *
 * Reported:
 * - `gateway_cpu_percent_per_call`: the gateway process's CPU time over the
 *   hold, as % of one core, divided by the calls (the 5-call figure; the
 *   1-call one as `_1call`). Includes werift's idle timers: an upper bound.
 * - `gateway_added_latency_ms_p50` / `_p99`: per relayed packet, both
 *   ways, from its arrival on the gateway's socket to its sending (measured
 *   inside the gateway).
 * - `gateway_packet_loss`: RTP lost on the way, as the receivers count it
 *   (gaps in the phones' sequence numbers; Chromium's inbound-rtp
 *   packetsLost), over all packets expected.
 * - `gateway_rss_mb_per_call`: the gateway's resident memory with 5 calls
 *   minus with none, per call.
 */
import { GatewaySdpTranslator } from '../../../main/core/media-gateway/gateway-sdp-translator';
import type { MediaGatewayClient } from '../../../main/core/media-gateway/media-gateway-client';
import { PlainRtpPeer } from '../../support/plain-rtp-peer';
import { startBenchGateway } from '../bench-gateway';
import { startWebRtcPage, type WebRtcPage } from '../../support/webrtc-page';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { quantile } from '../stats';

const HOLD_SECONDS = Number(process.env.GATEWAY_BENCH_SECONDS ?? 20);

interface Phase {
  readonly calls: number;
  readonly cpuPercentPerCall: number;
  readonly rssMbPerCall: number;
  readonly latencyMs: number[];
  readonly lost: number;
  readonly expected: number;
  /** Of `lost`, how many the phones missed (the rest Chromium missed). */
  readonly lostAtPhones: number;
}

/** Packets a receiver expected (first to last sequence number, with wraps) and did not get. */
function sequenceLoss(sequences: readonly number[]): { expected: number; lost: number } {
  if (sequences.length < 2) return { expected: sequences.length, lost: 0 };
  let extended = sequences[0]!;
  let highest = extended;
  const first = extended;
  const seen = new Set<number>([extended]);
  for (const sequence of sequences.slice(1)) {
    const base = extended - (extended & 0xffff);
    let candidate = base + sequence;
    if (candidate < extended - 0x8000) candidate += 0x10000;
    else if (candidate > extended + 0x8000) candidate -= 0x10000;
    extended = candidate;
    highest = Math.max(highest, extended);
    seen.add(extended);
  }
  const expected = highest - first + 1;
  return { expected, lost: expected - seen.size };
}

async function runPhase(gateway: MediaGatewayClient, browser: WebRtcPage, calls: number, log: (message: string) => void): Promise<Phase> {
  const sdp = new GatewaySdpTranslator({ gateway, mediaAddress: '127.0.0.1' });
  const before = (await gateway.stats())!;
  const peers: PlainRtpPeer[] = [];
  const callIds: string[] = [];
  try {
    for (let slot = 0; slot < calls; slot += 1) {
      const peer = await PlainRtpPeer.start({ toneHz: 1000 });
      peers.push(peer);
      const callId = `bench-${calls}-${slot}`;
      callIds.push(callId);
      const offer = await sdp.translate({ callId, direction: 'to-provider', sdp: await browser.createOffer(slot), method: 'INVITE' });
      if (!offer.ok) throw new Error(offer.message);
      peer.setRemote(offer.sdp);
      peer.startTone();
      const answer = await sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp(), method: 'INVITE', status: 200 });
      if (!answer.ok) throw new Error(answer.message);
      await browser.setAnswer(answer.sdp, slot);
    }
    // Media settles (ICE, DTLS, first packets) before the measured hold.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const start = (await gateway.stats())!;
    const fromIndex = peers.map((peer) => peer.received.length);
    const chromiumStart = await Promise.all(peers.map((_, slot) => browser.inboundPackets(slot)));
    const startedAt = process.hrtime.bigint();
    log(`gateway: ${calls} call(s) held for ${HOLD_SECONDS} s`);
    await new Promise((resolve) => setTimeout(resolve, HOLD_SECONDS * 1000));
    const end = (await gateway.stats())!;
    const elapsedMicros = Number(process.hrtime.bigint() - startedAt) / 1000;
    const chromiumEnd = await Promise.all(peers.map((_, slot) => browser.inboundPackets(slot)));
    let lost = 0;
    let expected = 0;
    let lostAtPhones = 0;
    peers.forEach((peer, index) => {
      const atPhone = sequenceLoss(peer.received.slice(fromIndex[index]).filter((packet) => packet.payloadType === 0).map((packet) => packet.sequenceNumber));
      const atBrowser = { lost: chromiumEnd[index]!.lost - chromiumStart[index]!.lost, received: chromiumEnd[index]!.received - chromiumStart[index]!.received };
      lost += atPhone.lost + atBrowser.lost;
      lostAtPhones += atPhone.lost;
      expected += atPhone.expected + atBrowser.received + atBrowser.lost;
    });
    const latencyMs = end.calls.filter((call) => callIds.includes(call.callId)).flatMap((call) => call.relayMicros.map((micros) => micros / 1000));
    return {
      calls,
      cpuPercentPerCall: ((end.cpuMicros - start.cpuMicros) / elapsedMicros / calls) * 100,
      rssMbPerCall: (end.rssBytes - before.rssBytes) / 1024 / 1024 / calls,
      latencyMs,
      lost,
      expected,
      lostAtPhones,
    };
  } finally {
    for (const peer of peers) peer.close();
    for (const callId of callIds) sdp.callEnded(callId);
  }
}

const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;

export const gatewaySection: BenchSection = {
  name: 'gateway',
  title: `media gateway cost: Chromium ↔ gateway ↔ plain PCMU phone, 1 and 5 calls of ${HOLD_SECONDS} s`,
  async run(context: BenchContext): Promise<SectionResult> {
    const { gateway, isBundled } = startBenchGateway();
    const browser = await startWebRtcPage(440);
    try {
      await gateway.ready();
      const one = await runPhase(gateway, browser, 1, context.log);
      await browser.closeConnection();
      const five = await runPhase(gateway, browser, 5, context.log);
      const latency = [...one.latencyMs, ...five.latencyMs];
      const loss = (one.lost + five.lost) / Math.max(1, one.expected + five.expected);
      const figures = {
        gateway_cpu_percent_per_call: round(five.cpuPercentPerCall, 2),
        gateway_cpu_percent_per_call_1call: round(one.cpuPercentPerCall, 2),
        gateway_added_latency_ms_p50: round(quantile(latency, 0.5)),
        gateway_added_latency_ms_p99: round(quantile(latency, 0.99)),
        gateway_packet_loss: round(loss, 5),
        gateway_rss_mb_per_call: round(Math.max(0, five.rssMbPerCall), 2),
        gateway_hold_seconds: HOLD_SECONDS,
      };
      return {
        figures,
        summary: [
          `CPU per call: ${figures.gateway_cpu_percent_per_call_1call} % of a core (1 call), ${figures.gateway_cpu_percent_per_call} % (5 calls) (target ≤ 3 %)`,
          `added latency: p50 ${figures.gateway_added_latency_ms_p50} ms (target ≤ 1), p99 ${figures.gateway_added_latency_ms_p99} ms (target ≤ 20), ${latency.length} packets`,
          `packet loss: ${figures.gateway_packet_loss} (${one.lost + five.lost} of ${one.expected + five.expected}, ${one.lostAtPhones + five.lostAtPhones} of them toward the phones; target 0)`,
          `memory: ${figures.gateway_rss_mb_per_call} MB per call (target ≤ 5)`,
          `calls held ${HOLD_SECONDS} s (GATEWAY_BENCH_SECONDS), shorter than the issue's 60 s; gateway ran ${isBundled ? 'from the build (dist/main/media-gateway.js)' : 'through tsx (no build found)'}`,
        ],
        samples: { latencyMs: latency.slice(0, 5000) },
      };
    } finally {
      gateway.stop();
      await browser.close();
    }
  },
};
