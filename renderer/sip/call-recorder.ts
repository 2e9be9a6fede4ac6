/**
 * Records calls: both directions of a call mixed with Web Audio into mono
 * 16-bit PCM, streamed to main about once a second (main writes the file).
 *
 * ```
 * our microphone ─┐
 *                 ├─► capture (PCM) ──chunks──► main: recordings:append
 * their audio ────┘
 * ```
 * @remarks
 * The microphone is taken from the call's own local stream, so Mute (which
 * disables that track) is silence in the recording too, as the other side
 * hears it. A ScriptProcessorNode captures the mix: an AudioWorklet would
 * need a module script of its own, which our build and Content-Security-
 * Policy (script-src 'self') do not provide for now.
 */
import { Web, type Session } from 'sip.js';
import type { SoftphoneApi } from '../../app/ipc-contract';
import { floatToPcm16 } from '../../app/recording';
import { fail, type ActionResult, type AppError } from '../../app/result';
import type { CallRecordingState } from '../store/call-media';
import { useSoftphoneStore } from '../store/softphone-store';
import { AnswerReadyHandler } from './answer-ready-handler';

/** Samples per capture callback (about 85 ms at 48 kHz). */
const CAPTURE_FRAME = 4096;
/** A chunk goes to main once this many seconds of audio are waiting. */
const CHUNK_SECONDS = 1;

interface Capture {
  readonly recordingId: string;
  readonly context: AudioContext;
  readonly nodes: readonly AudioNode[];
  pending: Float32Array[];
  pendingSamples: number;
  /** Chunks go out one after another, in order. */
  sending: Promise<void>;
  isStopping: boolean;
  /** Why main stopped writing, when it did. */
  error?: AppError;
}

export interface CallRecordingTarget {
  readonly callId: string;
  readonly accountId: string;
  readonly remoteUri: string;
  readonly session: Session;
}

export class CallRecorder {
  private readonly captures = new Map<string, Capture>();
  private readonly starting = new Set<string>();
  /** Calls asked to stop (or ended) while their recording was still starting. */
  private readonly stopWhenStarted = new Set<string>();

  constructor(private readonly api: SoftphoneApi) {}

  isRecording(callId: string): boolean {
    return this.captures.has(callId) || this.starting.has(callId);
  }

  async start(target: CallRecordingTarget): Promise<ActionResult> {
    const { callId } = target;
    if (this.isRecording(callId)) return { ok: true };
    const handler = target.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler)) return fail('recording-no-audio', 'This call carries no audio to record.');
    this.starting.add(callId);
    this.setState(callId, { state: 'starting' });
    const context = new AudioContext();
    try {
      await context.resume().catch(() => undefined);
      const started = await this.api.startRecording({
        callId,
        accountId: target.accountId,
        remoteUri: target.remoteUri,
        sampleRate: context.sampleRate,
      });
      if (!started.ok) {
        this.stopWhenStarted.delete(callId);
        await context.close().catch(() => undefined);
        this.setState(callId, { state: 'stopped', error: started.error });
        return started;
      }
      // An answer prepared while ringing went out before the microphone opened: the mix needs its track.
      if (handler instanceof AnswerReadyHandler) await handler.microphone?.catch(() => undefined);
      this.captures.set(callId, this.capture(callId, started.value.recordingId, context, [handler.localMediaStream, handler.remoteMediaStream]));
      this.setState(callId, { state: 'recording', startedAt: Date.now() });
    } finally {
      this.starting.delete(callId);
    }
    // The call ended while main was opening the file: close it at once.
    if (this.stopWhenStarted.delete(callId)) return this.stop(callId);
    return { ok: true };
  }

  /** Sends what is left, closes the file in main; the call's history entry then links it. */
  async stop(callId: string): Promise<ActionResult> {
    if (this.starting.has(callId)) this.stopWhenStarted.add(callId);
    const capture = this.captures.get(callId);
    if (!capture || capture.isStopping) return { ok: true };
    capture.isStopping = true;
    this.setState(callId, { state: 'stopping' });
    for (const node of capture.nodes) node.disconnect();
    await capture.context.close().catch(() => undefined);
    this.flush(capture, callId);
    await capture.sending;
    this.captures.delete(callId);
    const stopped = await this.api.stopRecording({ recordingId: capture.recordingId });
    // A chunk main could not write already closed the file: that is the reason to show.
    const error = capture.error ?? (stopped.ok ? undefined : stopped.error);
    this.setState(callId, error ? { state: 'stopped', error } : { state: 'stopped' });
    return error ? { ok: false, error } : { ok: true };
  }

  private capture(callId: string, recordingId: string, context: AudioContext, streams: readonly MediaStream[]): Capture {
    const processor = context.createScriptProcessor(CAPTURE_FRAME, 1, 1);
    const sources = streams
      .filter((stream) => stream.getAudioTracks().length > 0)
      .map((stream) => context.createMediaStreamSource(stream));
    const capture: Capture = { recordingId, context, nodes: [...sources, processor], pending: [], pendingSamples: 0, sending: Promise.resolve(), isStopping: false };
    // The mix is a sum: two parties talking at once may clip, as on any phone line.
    for (const source of sources) source.connect(processor);
    processor.onaudioprocess = (event) => {
      if (capture.isStopping) return;
      capture.pending.push(new Float32Array(event.inputBuffer.getChannelData(0)));
      capture.pendingSamples += CAPTURE_FRAME;
      if (capture.pendingSamples >= context.sampleRate * CHUNK_SECONDS) this.flush(capture, callId);
    };
    // A processor runs only while it feeds the destination; it writes silence there.
    processor.connect(context.destination);
    return capture;
  }

  private flush(capture: Capture, callId: string): void {
    if (capture.pendingSamples === 0) return;
    const samples = new Float32Array(capture.pendingSamples);
    let offset = 0;
    for (const frame of capture.pending) {
      samples.set(frame, offset);
      offset += frame.length;
    }
    capture.pending = [];
    capture.pendingSamples = 0;
    const pcm = toBase64(floatToPcm16(samples));
    capture.sending = capture.sending.then(async () => {
      const sent = await this.api.appendRecording({ recordingId: capture.recordingId, pcm });
      if (!sent.ok) this.failed(callId, capture, sent.error);
    });
  }

  /** Main could not write (disk full, folder gone): recording stops and the call row says why. */
  private failed(callId: string, capture: Capture, error: AppError): void {
    capture.error ??= error;
    void this.stop(callId);
  }

  private setState(callId: string, recording: CallRecordingState): void {
    useSoftphoneStore.getState().patchCallMedia(callId, () => ({ recording }));
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}
