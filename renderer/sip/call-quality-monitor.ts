/**
 * Polls a call's RTCPeerConnection statistics every couple of seconds and
 * turns them into quality samples (jitter, loss over the interval, RTT,
 * estimated MOS).
 *
 * @remarks
 * RTT comes from RTCP (`remote-inbound-rtp.roundTripTime`) when the far end
 * sends receiver reports, else from ICE consent checks on the selected
 * candidate pair (`currentRoundTripTime`), which every WebRTC peer answers.
 */
import { estimateMos, type QualitySample } from '../../app/call-quality';

const QUALITY_POLL_INTERVAL_MS = 2_000;

interface Counters {
  readonly received: number;
  readonly lost: number;
}

export class CallQualityMonitor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private previous: Counters = { received: 0, lost: 0 };
  private readonly samples: QualitySample[] = [];

  constructor(
    private readonly peerConnection: RTCPeerConnection,
    private readonly onSample: (sample: QualitySample) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), QUALITY_POLL_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  taken(): readonly QualitySample[] {
    return this.samples;
  }

  private async poll(): Promise<void> {
    if (this.peerConnection.connectionState === 'closed') return this.stop();
    const report = await this.peerConnection.getStats().catch(() => undefined);
    if (!report || !this.timer) return;
    const sample = this.sampleFrom(report);
    if (!sample) return;
    this.samples.push(sample);
    this.onSample(sample);
  }

  /** Undefined while no audio flows (not yet, or on hold): nothing to judge. */
  private sampleFrom(report: RTCStatsReport): QualitySample | undefined {
    let inbound: RTCInboundRtpStreamStats | undefined;
    let remoteRtt: number | undefined;
    let pairRtt: number | undefined;
    let selectedPairId: string | undefined;
    report.forEach((stat: RTCStats & Record<string, unknown>) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'audio') inbound = stat as unknown as RTCInboundRtpStreamStats;
      if (stat.type === 'remote-inbound-rtp' && stat.kind === 'audio' && typeof stat.roundTripTime === 'number') remoteRtt = stat.roundTripTime;
      if (stat.type === 'transport' && typeof stat.selectedCandidatePairId === 'string') selectedPairId = stat.selectedCandidatePairId;
    });
    if (selectedPairId) {
      const pair = report.get(selectedPairId) as { currentRoundTripTime?: number } | undefined;
      pairRtt = pair?.currentRoundTripTime;
    }
    if (!inbound) return undefined;
    const counters = { received: inbound.packetsReceived ?? 0, lost: Math.max(0, inbound.packetsLost ?? 0) };
    const received = counters.received - this.previous.received;
    const lost = Math.max(0, counters.lost - this.previous.lost);
    this.previous = counters;
    if (received + lost <= 0) return undefined;
    const codec = inbound.codecId ? (report.get(inbound.codecId) as { mimeType?: string } | undefined)?.mimeType : undefined;
    const rttSeconds = remoteRtt ?? pairRtt;
    const measures = {
      jitterMs: (inbound.jitter ?? 0) * 1000,
      packetLossPct: (100 * lost) / (received + lost),
      roundTripMs: rttSeconds === undefined ? undefined : rttSeconds * 1000,
      codec,
    };
    return { ...measures, mos: estimateMos(measures), packetsExpected: received + lost, packetsLost: lost };
  }
}
