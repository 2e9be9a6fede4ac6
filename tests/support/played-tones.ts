/**
 * Records what the page's Web Audio plays (each oscillator's frequency and the
 * output device of its context) while the real nodes go on playing: how a
 * test tells which tone rang, and where, without a microphone on the speaker.
 */
import type { Page } from 'playwright-core';

export interface PlayedTone {
  readonly sinkId: string;
  readonly hz: number;
}

interface RecordingWindow {
  playedTones?: PlayedTone[];
}

/** Starts recording (once per page load); tones started from now on are recorded. */
export async function recordPlayedTones(page: Page): Promise<void> {
  await page.evaluate(() => {
    const recording = window as unknown as RecordingWindow;
    if (recording.playedTones) return;
    const played: PlayedTone[] = [];
    recording.playedTones = played;
    const createOscillator = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      const oscillator = createOscillator.call(this);
      // After the caller has set the frequency.
      queueMicrotask(() => played.push({ sinkId: String((this as unknown as { sinkId: unknown }).sinkId), hz: oscillator.frequency.value }));
      return oscillator;
    };
  });
}

/** Everything recorded so far; pass `from` (an earlier length) for what came after. */
export async function playedTones(page: Page, from = 0): Promise<PlayedTone[]> {
  return page.evaluate((start) => ((window as unknown as RecordingWindow).playedTones ?? []).slice(start), from);
}
