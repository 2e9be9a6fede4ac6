/**
 * The media gateway process: answers main's requests (see
 * gateway-protocol.ts) with one {@link GatewayCall} per call. It runs as a
 * Node child process (`child_process.fork`, under Node and the browser
 * host) or an Electron utility process (`utilityProcess.fork`), so audio
 * never waits for main's event loop and a crash here never takes main down.
 *
 * Start-up options come as one JSON argument (see {@link GatewayProcessOptions}).
 */
import { RTCDtlsTransport } from 'werift';
import { parseSdp } from './audio-sdp';
import { GatewayCall } from './gateway-call';
import { PerCallQueue } from './per-call-queue';
import { gatewayRequestSchema, type CallMediaFailure, type GatewayFailureCode, type GatewayMessage, type GatewayRequest, type GatewayStats } from './gateway-protocol';

export interface GatewayProcessOptions {
  /** Address the provider-side RTP sockets bind to. */
  readonly bindAddress: string;
  readonly keepAliveMs: number;
  readonly iceAdditionalHostAddresses: readonly string[];
  /**
   * A call whose provider, meant to send, sent no RTP or RTCP for this long
   * is over (its BYE never reached us): the gateway closes it and reports it.
   * Default 60 s.
   */
  readonly inactivityMs?: number;
}

const DEFAULT_INACTIVITY_MS = 60_000;

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Electron's utility process has `process.parentPort`; a Node child has `process.send`. */
function channelToMain(): { send(message: GatewayMessage): void; onMessage(listener: (message: unknown) => void): void } {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return { send: (message) => parentPort.postMessage(message), onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)) };
  }
  if (!process.send) throw new Error('the media gateway must be started as a child process with an IPC channel');
  // main went away (quit or crash): nothing is left to relay for.
  process.on('disconnect', () => process.exit(0));
  return { send: (message) => process.send!(message), onMessage: (listener) => process.on('message', listener) };
}

class MediaGateway {
  private readonly calls = new Map<string, GatewayCall>();
  private readonly queue = new PerCallQueue();

  constructor(
    private readonly options: GatewayProcessOptions,
    private readonly send: (message: GatewayMessage) => void,
  ) {
    const inactivityMs = options.inactivityMs ?? DEFAULT_INACTIVITY_MS;
    setInterval(() => this.sweepSilentCalls(inactivityMs), Math.max(50, Math.min(5_000, Math.floor(inactivityMs / 4)))).unref();
  }

  /** Takes a message from main: requests of one call run one at a time, other calls' and `stats` at once. */
  receive(raw: unknown): void {
    const callId = typeof (raw as { callId?: unknown })?.callId === 'string' ? (raw as { callId: string }).callId : undefined;
    if (callId === undefined) {
      void this.handle(raw);
      return;
    }
    void this.queue.run(callId, () => this.handle(raw));
  }

  private async handle(raw: unknown): Promise<void> {
    const parsed = gatewayRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      this.refuse(id, 'bad-request', parsed.error.message.slice(0, 500));
      return;
    }
    const request = parsed.data;
    try {
      this.send({ id: request.id, ok: true, ...(await this.run(request)) });
    } catch (error) {
      // What werift cannot take in an SDP: the call fails with words about its media.
      this.refuse(request.id, 'unsupported-media', error instanceof Error ? error.message : String(error));
    }
  }

  private refuse(id: number, failure: GatewayFailureCode, message: string): void {
    this.send({ id, ok: false, code: failure, message });
  }

  private async run(request: GatewayRequest): Promise<{ sdp?: string; rtpPort?: number; stats?: GatewayStats }> {
    switch (request.type) {
      case 'open-call': {
        const existing = this.calls.get(request.callId);
        if (existing) return { rtpPort: existing.rtp.rtpPort };
        const call = await GatewayCall.open({ ...this.options, onMediaFailed: (reason) => this.fail(request.callId, reason) });
        this.calls.set(request.callId, call);
        return { rtpPort: call.rtp.rtpPort };
      }
      case 'answer-renderer': {
        const codecs = parseSdp(request.offer).audio?.codecs ?? [];
        return { sdp: await this.call(request.callId).answerRenderer(request.offer, codecs, request.direction, request.provider) };
      }
      case 'offer-renderer':
        return { sdp: await this.call(request.callId).offerRenderer(request.codecs, request.direction, request.provider) };
      case 'accept-renderer-answer':
        await this.call(request.callId).acceptRendererAnswer(request.answer);
        return {};
      case 'set-provider':
        this.call(request.callId).setProvider(request.provider);
        return {};
      case 'close-call':
        this.calls.get(request.callId)?.close();
        this.calls.delete(request.callId);
        return {};
      case 'stats':
        return { stats: this.stats() };
    }
  }

  /** The call's media is gone: its ports are freed and main ends the call in words. */
  private fail(callId: string, reason: CallMediaFailure): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.close();
    this.calls.delete(callId);
    this.send({ type: 'call-failed', callId, reason });
  }

  private sweepSilentCalls(inactivityMs: number): void {
    const now = Date.now();
    for (const [callId, call] of [...this.calls]) {
      if (call.hasProviderFallenSilent(inactivityMs, now)) this.fail(callId, 'provider-media-stopped');
    }
  }

  private call(callId: string): GatewayCall {
    const call = this.calls.get(callId);
    if (!call) throw new Error(`no media for call ${callId}`);
    return call;
  }

  private stats(): GatewayStats {
    const cpu = process.cpuUsage();
    return {
      rssBytes: process.memoryUsage().rss,
      cpuMicros: cpu.user + cpu.system,
      calls: [...this.calls].map(([callId, call]) => ({
        callId,
        toProvider: call.toProvider,
        toRenderer: call.toRenderer,
        keepAlives: call.rtp.keepAlives,
        dropped: call.dropped,
        relayMicros: call.relayMicros.splice(0),
      })),
    };
  }
}

const options = JSON.parse(process.argv[2] ?? '{}') as GatewayProcessOptions;
const channel = channelToMain();
const gateway = new MediaGateway(
  {
    bindAddress: options.bindAddress ?? '0.0.0.0',
    keepAliveMs: options.keepAliveMs ?? 10_000,
    iceAdditionalHostAddresses: options.iceAdditionalHostAddresses ?? [],
    ...(options.inactivityMs === undefined ? {} : { inactivityMs: options.inactivityMs }),
  },
  channel.send,
);
channel.onMessage((message) => gateway.receive(message));
// The first call must not pay for the DTLS certificate.
void RTCDtlsTransport.SetupCertificate().then(() => channel.send({ type: 'ready' }));
