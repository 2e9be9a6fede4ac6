/**
 * Ringtone and ringback made with Web Audio: no files to ship, and the app's
 * autoplay policy lets them play before any click.
 *
 * @remarks
 * Tones play through a hidden `<audio class="tone-audio">` element rather
 * than straight to the context's destination: an element can later be sent
 * to a chosen ringer device (setSinkId), and what it plays can be listened to
 * the same way as a call's audio.
 */
export type TonePattern = 'ringtone' | 'ringback' | 'call-waiting';

interface PatternSpec {
  readonly frequencies: readonly number[];
  readonly onMs: number;
  readonly offMs: number;
  readonly gain: number;
}

const PATTERNS: Record<TonePattern, PatternSpec> = {
  // A soft two-tone chirp, repeated.
  ringtone: { frequencies: [660, 880], onMs: 1_200, offMs: 1_800, gain: 0.18 },
  // ITU-T E.180 style ringback (the 440 + 480 Hz North American cadence).
  ringback: { frequencies: [440, 480], onMs: 2_000, offMs: 4_000, gain: 0.08 },
  // A second call during a call: one short, quiet beep every few seconds, so the conversation goes on.
  'call-waiting': { frequencies: [440], onMs: 400, offMs: 3_600, gain: 0.08 },
};

export class TonePlayer {
  private context: AudioContext | undefined;
  private stopCurrent: (() => void) | undefined;
  private current: TonePattern | undefined;
  private output: MediaStreamAudioDestinationNode | undefined;
  private element: HTMLAudioElement | undefined;

  play(pattern: TonePattern): void {
    if (this.current === pattern) return;
    this.stop();
    this.current = pattern;
    const context = (this.context ??= new AudioContext());
    void context.resume().catch(() => undefined);
    const spec = PATTERNS[pattern];
    const output = context.createGain();
    output.gain.value = 0;
    output.connect(this.speaker(context));
    if (this.element) this.element.dataset.tone = pattern;
    const oscillators = spec.frequencies.map((frequency) => {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(output);
      oscillator.start();
      return oscillator;
    });
    const cycle = () => {
      const now = context.currentTime;
      output.gain.setTargetAtTime(spec.gain / spec.frequencies.length, now, 0.01);
      output.gain.setTargetAtTime(0, now + spec.onMs / 1000, 0.01);
    };
    cycle();
    const timer = setInterval(cycle, spec.onMs + spec.offMs);
    this.stopCurrent = () => {
      clearInterval(timer);
      for (const oscillator of oscillators) oscillator.stop();
      output.disconnect();
    };
  }

  stop(): void {
    this.stopCurrent?.();
    this.stopCurrent = undefined;
    this.current = undefined;
    if (this.element) delete this.element.dataset.tone;
  }

  private speaker(context: AudioContext): AudioNode {
    if (this.output) return this.output;
    const output = context.createMediaStreamDestination();
    const element = document.createElement('audio');
    element.className = 'tone-audio';
    element.autoplay = true;
    element.hidden = true;
    element.srcObject = output.stream;
    document.body.append(element);
    void element.play().catch(() => undefined);
    this.output = output;
    this.element = element;
    return output;
  }

  get playing(): TonePattern | undefined {
    return this.current;
  }
}
