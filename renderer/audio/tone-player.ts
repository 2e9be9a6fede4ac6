/**
 * Ringtone and ringback made with Web Audio: no files to ship, and the app's
 * autoplay policy lets them play before any click.
 */
export type TonePattern = 'ringtone' | 'ringback';

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
};

export class TonePlayer {
  private context: AudioContext | undefined;
  private stopCurrent: (() => void) | undefined;
  private current: TonePattern | undefined;

  play(pattern: TonePattern): void {
    if (this.current === pattern) return;
    this.stop();
    this.current = pattern;
    const context = (this.context ??= new AudioContext());
    void context.resume().catch(() => undefined);
    const spec = PATTERNS[pattern];
    const output = context.createGain();
    output.gain.value = 0;
    output.connect(context.destination);
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
  }

  get playing(): TonePattern | undefined {
    return this.current;
  }
}
