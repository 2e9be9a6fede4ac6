/**
 * How loud each of several frequencies is in what the user hears: every
 * `<audio>` element matching a selector (by default every call's remote
 * audio, so a user with two calls "hears" both), summed into one analyser.
 * A test can check that two tones are heard at once (a conference) or that
 * one is gone (hold).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { waitFor } from './wait-for';

/** Silence measures ~1e-5 here and a tone ~1e-2: the same line the call tests use. */
export const AUDIBLE_LEVEL = 0.001;

/** One FFT bin is ~6 Hz at 48 kHz / 8192; Opus keeps a pure tone within a few bins. */
const TONE_TOLERANCE_HZ = 30;

/** What `dominantRemoteFrequency` measured is `expectedHz`, loud enough to hear. */
export function hearsTone(heard: { frequencyHz: number; level: number }, expectedHz: number): boolean {
  return heard.level > AUDIBLE_LEVEL && Math.abs(heard.frequencyHz - expectedHz) < TONE_TOLERANCE_HZ;
}

export function assertHears(heard: { frequencyHz: number; level: number }, expectedHz: number, who: string): void {
  assert.ok(Math.abs(heard.frequencyHz - expectedHz) < TONE_TOLERANCE_HZ, `${who} heard ${heard.frequencyHz.toFixed(0)} Hz, expected ${expectedHz} Hz`);
  assert.ok(heard.level > AUDIBLE_LEVEL, `${who} heard almost silence (${heard.level})`);
}

/**
 * Waits until the loudest thing `who` hears is `expectedHz`. Audio starts a
 * moment after a call connects, resumes or unmutes (ICE, DTLS, the jitter
 * buffer), longer on a loaded machine; a user notices only seconds.
 */
export async function expectHears(page: Page, expectedHz: number, who: string, timeoutMs = 8_000): Promise<void> {
  const heard = await listenUntil(page, (sample) => hearsTone(sample, expectedHz), timeoutMs);
  if (heard) assertHears(heard, expectedHz, `${who} (for ${timeoutMs / 1000} s)`);
}

/** Waits until `who` no longer hears `expectedHz` (hold, mute); fails naming what was still heard. */
export async function expectStopsHearing(page: Page, expectedHz: number, who: string, timeoutMs = 5_000): Promise<void> {
  const heard = await listenUntil(page, (sample) => !hearsTone(sample, expectedHz), timeoutMs);
  if (heard) assert.fail(`${who} still heard ${heard.frequencyHz.toFixed(0)} Hz at level ${heard.level} after ${timeoutMs / 1000} s`);
}

/** Listens (about a second at a time) until `isDone` holds: undefined then, else the last thing heard when time ran out. */
async function listenUntil(
  page: Page,
  isDone: (heard: { frequencyHz: number; level: number }) => boolean,
  timeoutMs: number,
): Promise<{ frequencyHz: number; level: number } | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const heard = await dominantRemoteFrequency(page);
    if (isDone(heard)) return undefined;
    if (Date.now() >= deadline) return heard;
  }
}

export interface HeardLevel {
  /** Mean over the listening window. */
  readonly mean: number;
  /** Loudest moment: catches a short beep that the mean would dilute. */
  readonly peak: number;
}

export async function heardLevels(
  page: Page,
  frequenciesHz: readonly number[],
  options: { selector?: string; durationMs?: number } = {},
): Promise<Record<number, HeardLevel>> {
  const selector = options.selector ?? 'audio.remote-audio';
  const rounds = Math.max(1, Math.round((options.durationMs ?? 1_200) / 100));
  const levels = await page.evaluate(
    async ({ selector, frequenciesHz, rounds }) => {
      const streams = [...document.querySelectorAll<HTMLAudioElement>(selector)]
        .map((element) => element.srcObject)
        .filter((stream): stream is MediaStream => stream instanceof MediaStream);
      if (streams.length === 0) throw new Error(`no ${selector} element with a stream`);
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      for (const stream of streams) context.createMediaStreamSource(stream).connect(analyser);
      const bins = new Float32Array(analyser.frequencyBinCount);
      const binHz = context.sampleRate / analyser.fftSize;
      const sums = frequenciesHz.map(() => 0);
      const peaks = frequenciesHz.map(() => 0);
      for (let round = 0; round < rounds; round += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        analyser.getFloatFrequencyData(bins);
        frequenciesHz.forEach((frequency, index) => {
          // Opus keeps a pure tone within a few bins of where it was.
          const centre = Math.round(frequency / binHz);
          let loudest = 0;
          for (let bin = centre - 3; bin <= centre + 3; bin += 1) loudest = Math.max(loudest, 10 ** ((bins[bin] ?? -200) / 20));
          sums[index] = sums[index]! + loudest;
          peaks[index] = Math.max(peaks[index]!, loudest);
        });
      }
      await context.close();
      return frequenciesHz.map((_, index) => ({ mean: sums[index]! / rounds, peak: peaks[index]! }));
    },
    { selector, frequenciesHz: [...frequenciesHz], rounds },
  );
  return Object.fromEntries(frequenciesHz.map((frequency, index) => [frequency, levels[index]!]));
}

/** Whether each tone is audible (mean level) in what the user hears now. */
export async function hearsTones(page: Page, frequenciesHz: readonly number[]): Promise<Record<number, boolean>> {
  const levels = await heardLevels(page, frequenciesHz);
  return Object.fromEntries(frequenciesHz.map((frequency) => [frequency, levels[frequency]!.mean > AUDIBLE_LEVEL]));
}

/** Waits until `frequencyHz` is audible (mean level over 600 ms) in what the page hears; resolves with that level. */
export function waitUntilHeard(page: Page, frequencyHz: number, who: string, timeoutMs = 15_000): Promise<number> {
  return waitFor(`${who} to hear ${frequencyHz} Hz`, async () => {
    const level = (await heardLevels(page, [frequencyHz], { durationMs: 600 }))[frequencyHz]!.mean;
    return level > AUDIBLE_LEVEL ? level : undefined;
  }, timeoutMs);
}

/**
 * Listens to what the user hears (the remote <audio> element's stream) for
 * about a second and returns the dominant frequency.
 */
export async function dominantRemoteFrequency(page: Page): Promise<{ frequencyHz: number; level: number }> {
  return page.evaluate(async () => {
    const element = document.querySelector<HTMLAudioElement>('audio.remote-audio');
    const stream = element?.srcObject;
    if (!(stream instanceof MediaStream)) throw new Error('no remote audio element with a stream');
    const context = new AudioContext();
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    source.connect(analyser);
    const bins = new Float32Array(analyser.frequencyBinCount);
    const energy = new Float64Array(analyser.frequencyBinCount);
    for (let round = 0; round < 12; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      analyser.getFloatFrequencyData(bins);
      bins.forEach((decibels, index) => (energy[index] = energy[index]! + 10 ** (decibels / 20)));
    }
    let peak = 1;
    for (let index = 2; index < energy.length; index += 1) if (energy[index]! > energy[peak]!) peak = index;
    const frequencyHz = (peak * context.sampleRate) / analyser.fftSize;
    const level = energy[peak]! / 12;
    await context.close();
    return { frequencyHz, level };
  });
}
