/**
 * Ringtones and ringback made with Web Audio: no files to ship, and the app's
 * autoplay policy lets them play before any click. The ringtone plays on the
 * ringer (or on every output), the ringback on the speaker, each through the
 * AudioContext of that output (tone-outputs.ts), routed with `setSinkId`
 * where the browser has it.
 */
import type { Ringtone } from '../../app/audio-settings';
import { audioDevices, type AudioDevices } from './audio-devices';
import { deviceIdOf } from './device-choice';
import { toneOutputs } from './tone-outputs';

export type TonePattern = 'ringtone' | 'ringback' | 'call-waiting';

interface ToneStep {
  /** Empty: silence. */
  readonly frequencies: readonly number[];
  readonly ms: number;
}

interface ToneSpec {
  readonly steps: readonly ToneStep[];
  /** Loudness at full volume. */
  readonly gain: number;
}

const tone = (frequencies: readonly number[], ms: number): ToneStep => ({ frequencies, ms });
const silence = (ms: number): ToneStep => ({ frequencies: [], ms });

const RINGTONE_SPECS: Record<Ringtone, ToneSpec> = {
  // A soft two-tone chirp, repeated.
  classic: { steps: [tone([660, 880], 1_200), silence(1_800)], gain: 0.18 },
  // Three falling notes (E5, C5, G4), like a doorbell.
  chime: { steps: [tone([659], 300), tone([523], 300), tone([392], 500), silence(1_900)], gain: 0.22 },
  // Quick bursts of a single high tone, easy to hear across a room.
  pulse: { steps: [tone([1_000], 150), silence(100), tone([1_000], 150), silence(100), tone([1_000], 150), silence(2_350)], gain: 0.16 },
};

// ITU-T E.180 style ringback (the 440 + 480 Hz North American cadence).
const RINGBACK_SPEC: ToneSpec = { steps: [tone([440, 480], 2_000), silence(4_000)], gain: 0.08 };

// A second call during a call: one short, quiet beep every few seconds, so the conversation goes on.
const CALL_WAITING_SPEC: ToneSpec = { steps: [tone([440], 400), silence(3_600)], gain: 0.08 };

const TEST_TONE_SPEC: ToneSpec = { steps: [tone([440], 800)], gain: 0.2 };

interface ToneRequest {
  readonly spec: ToneSpec;
  readonly volume: number;
  readonly sinkIds: readonly string[];
}

/** Plays `request` on each of its outputs; `repeat` loops it until the returned stop is called. */
function startTone(request: ToneRequest, repeat: boolean, onDone?: () => void): () => void {
  const cycleMs = request.spec.steps.reduce((sum, step) => sum + step.ms, 0);
  const contexts: AudioContext[] = [];
  const sounding: AudioScheduledSourceNode[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let isStopped = false;
  const stop = () => {
    if (isStopped) return;
    isStopped = true;
    clearInterval(timer);
    clearTimeout(timer);
    // The contexts outlive the tone: what it scheduled must not sound when they resume.
    for (const node of sounding.splice(0)) {
      try {
        node.stop();
      } catch {
        // never started
      }
    }
    for (const context of contexts) toneOutputs.release(context);
    onDone?.();
  };
  void (async () => {
    for (const sinkId of new Set(request.sinkIds)) {
      const context = await toneOutputs.acquire(sinkId);
      if (isStopped) {
        toneOutputs.release(context);
        return;
      }
      contexts.push(context);
    }
    const cycle = () => {
      // Nodes of cycles already over are done; keep only what may still sound.
      sounding.splice(0, sounding.length - MAX_LIVE_NODES);
      for (const context of contexts) sounding.push(...scheduleCycle(context, request.spec, request.volume));
    };
    cycle();
    timer = repeat ? setInterval(cycle, cycleMs) : setTimeout(stop, cycleMs + 100);
  })();
  return stop;
}

/** More than two cycles' worth of oscillators on every output a tone can use. */
const MAX_LIVE_NODES = 64;

function scheduleCycle(context: AudioContext, spec: ToneSpec, volume: number): AudioScheduledSourceNode[] {
  const nodes: AudioScheduledSourceNode[] = [];
  let at = context.currentTime + 0.02;
  for (const step of spec.steps) {
    const seconds = step.ms / 1000;
    if (step.frequencies.length > 0) {
      const envelope = context.createGain();
      envelope.gain.value = 0;
      // Short attack and release: no clicks at the edges.
      envelope.gain.setTargetAtTime((spec.gain * volume) / step.frequencies.length, at, 0.01);
      envelope.gain.setTargetAtTime(0, at + seconds - 0.03, 0.01);
      envelope.connect(context.destination);
      for (const frequency of step.frequencies) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(envelope);
        oscillator.start(at);
        oscillator.stop(at + seconds);
        oscillator.onended = () => envelope.disconnect();
        nodes.push(oscillator);
      }
    }
    at += seconds;
  }
  return nodes;
}

export class TonePlayer {
  private stopCurrent: (() => void) | undefined;
  private current: TonePattern | undefined;
  private currentKey = '';

  constructor(private readonly devices: AudioDevices = audioDevices) {
    // A ringer chosen or (un)plugged while it rings: ring on the right device(s) now.
    devices.subscribe(() => {
      const pattern = this.current;
      if (pattern && keyOf(this.requestFor(pattern)) !== this.currentKey) this.restart(pattern);
    });
  }

  play(pattern: TonePattern): void {
    if (this.current === pattern) return;
    this.restart(pattern);
  }

  stop(): void {
    this.stopCurrent?.();
    this.stopCurrent = undefined;
    this.current = undefined;
  }

  get playing(): TonePattern | undefined {
    return this.current;
  }

  private restart(pattern: TonePattern): void {
    this.stop();
    const request = this.requestFor(pattern);
    this.current = pattern;
    this.currentKey = keyOf(request);
    this.stopCurrent = startTone(request, true);
  }

  private requestFor(pattern: TonePattern): ToneRequest {
    const routing = this.devices.current;
    // Ringback and the call-waiting beep belong with the call, on the speaker.
    if (pattern === 'ringback') return { spec: RINGBACK_SPEC, volume: 1, sinkIds: [deviceIdOf(routing.speaker)] };
    if (pattern === 'call-waiting') return { spec: CALL_WAITING_SPEC, volume: 1, sinkIds: [deviceIdOf(routing.speaker)] };
    return { spec: RINGTONE_SPECS[routing.settings.ringtone], volume: routing.settings.ringtoneVolume, sinkIds: routing.ringerSinkIds };
  }
}

/** Specs are plain data: equal keys mean the same sound on the same outputs, so nothing restarts. */
function keyOf(request: ToneRequest): string {
  return JSON.stringify([request.spec, request.volume, [...request.sinkIds].sort()]);
}

/** One round of a ringtone (Settings → Audio → Preview); resolves when it has finished or was stopped. */
export function previewRingtone(ringtone: Ringtone, volume: number, sinkIds: readonly string[]): { stop(): void; done: Promise<void> } {
  return playOnce({ spec: RINGTONE_SPECS[ringtone], volume, sinkIds });
}

/** A short beep on one output (Settings → Audio → Test speaker). */
export function playTestTone(sinkId: string): { stop(): void; done: Promise<void> } {
  return playOnce({ spec: TEST_TONE_SPEC, volume: 1, sinkIds: [sinkId] });
}

function playOnce(request: ToneRequest): { stop(): void; done: Promise<void> } {
  let stop: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stop = startTone(request, false, resolve);
  });
  return { stop, done };
}
