/**
 * The AudioContexts tones play through: one per output device, made once
 * and kept, suspended while silent.
 *
 * @remarks
 * Creating an AudioContext (and its first oscillator) costs tens of
 * milliseconds of the page's main thread, and closing one about as much.
 * Made anew for every ringback, that work landed in the middle of call
 * setup, between the 180 and the 200 and again at the 200, delaying the
 * ACK and the start of media. A suspended context holds no audio stream
 * open, so keeping it costs nothing while silent; output only, it never
 * touches the microphone. A context is suspended a moment after its last
 * tone rather than at once: suspending tears its audio stream down, and the
 * ringtone stops at the 200 OK of an answered call, when that work would
 * compete with the call's ICE, DTLS and first packets.
 */
import { applySink } from './audio-devices';

type SinkTarget = Parameters<typeof applySink>[0];

/** How long a context stays running after its last tone stops. */
const SUSPEND_AFTER_MS = 1_000;

export class ToneOutputs {
  private readonly contexts = new Map<string, Promise<AudioContext>>();
  private readonly users = new Map<AudioContext, number>();
  private readonly suspendTimers = new Map<AudioContext, ReturnType<typeof setTimeout>>();

  /** Makes (suspended) the contexts of these outputs now, and a tone's nodes once on each, so the first tone on them starts at once. */
  prepare(sinkIds: readonly string[]): void {
    for (const sinkId of new Set(sinkIds)) {
      void this.contextFor(sinkId).then((context) => {
        rehearseToneNodes(context);
        this.suspendIfUnused(context);
      });
    }
  }

  /** The running context of `sinkId`, for one tone until it calls {@link release}. */
  async acquire(sinkId: string): Promise<AudioContext> {
    const context = await this.contextFor(sinkId);
    this.users.set(context, (this.users.get(context) ?? 0) + 1);
    clearTimeout(this.suspendTimers.get(context));
    this.suspendTimers.delete(context);
    await context.resume().catch(() => undefined);
    return context;
  }

  release(context: AudioContext): void {
    const count = (this.users.get(context) ?? 1) - 1;
    if (count > 0) this.users.set(context, count);
    else this.users.delete(context);
    if (count > 0) return;
    clearTimeout(this.suspendTimers.get(context));
    this.suspendTimers.set(
      context,
      setTimeout(() => {
        this.suspendTimers.delete(context);
        this.suspendIfUnused(context);
      }, SUSPEND_AFTER_MS),
    );
  }

  private contextFor(sinkId: string): Promise<AudioContext> {
    const known = this.contexts.get(sinkId);
    if (known) return known;
    const made = (async () => {
      const context = new AudioContext();
      // A context the browser closed (e.g. its device went away) is made again next time.
      context.addEventListener('statechange', () => {
        if (context.state === 'closed' && this.contexts.get(sinkId) === made) this.contexts.delete(sinkId);
      });
      await applySink(context as unknown as SinkTarget, sinkId);
      return context;
    })();
    this.contexts.set(sinkId, made);
    return made;
  }

  private suspendIfUnused(context: AudioContext): void {
    if (!this.users.has(context) && context.state === 'running') void context.suspend().catch(() => undefined);
  }
}

/**
 * Makes, wires and drops the nodes a tone is made of (tone-player.ts),
 * never started: nothing plays. The first call's ringback made them cold,
 * 6-8 ms of the page's main thread between the 180 and the 200.
 */
function rehearseToneNodes(context: AudioContext): void {
  const envelope = context.createGain();
  const oscillator = context.createOscillator();
  envelope.gain.setTargetAtTime(0, context.currentTime, 0.01);
  oscillator.connect(envelope);
  envelope.connect(context.destination);
  oscillator.disconnect();
  envelope.disconnect();
}

/** The one set of tone outputs of this window. */
export const toneOutputs = new ToneOutputs();
