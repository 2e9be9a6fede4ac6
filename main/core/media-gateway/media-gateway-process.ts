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
import { gatewayRequestSchema, type GatewayFailureCode, type GatewayMessage, type GatewayRequest, type GatewayStats } from './gateway-protocol';

export interface GatewayProcessOptions {
  /** Address the provider-side RTP sockets bind to. */
  readonly bindAddress: string;
  readonly keepAliveMs: number;
  readonly iceAdditionalHostAddresses: readonly string[];
}

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

  constructor(
    private readonly options: GatewayProcessOptions,
    private readonly send: (message: GatewayMessage) => void,
  ) {}

  async handle(raw: unknown): Promise<void> {
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
        const call = await GatewayCall.open({ ...this.options, onRendererMediaFailed: () => this.send({ type: 'call-failed', callId: request.callId }) });
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
  { bindAddress: options.bindAddress ?? '0.0.0.0', keepAliveMs: options.keepAliveMs ?? 10_000, iceAdditionalHostAddresses: options.iceAdditionalHostAddresses ?? [] },
  channel.send,
);
// Requests are handled one at a time: a call's offer and answer must not interleave.
let queue = Promise.resolve();
channel.onMessage((message) => {
  queue = queue.then(() => gateway.handle(message));
});
// The first call must not pay for the DTLS certificate.
void RTCDtlsTransport.SetupCertificate().then(() => channel.send({ type: 'ready' }));
