/** Sine-tone WAV files for Chromium's fake microphone, made with sox once per run. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function toneFile(frequencyHz: number): string {
  const directory = join(tmpdir(), 'softphone-tones');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `tone-${frequencyHz}.wav`);
  if (!existsSync(file)) {
    execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, 'synth', '30', 'sine', String(frequencyHz), 'vol', '0.5']);
  }
  return file;
}
