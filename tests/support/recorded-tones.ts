/**
 * What a recording holds, as a listener would judge it: sox reads the file
 * (so it is a playable WAV, not just bytes), and the strength of each
 * frequency is measured with the Goertzel filter against off-tone frequencies.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { powerAt } from './g711';

export interface RecordedTones {
  /** What sox says the file lasts, in seconds. */
  readonly durationSec: number;
  readonly sampleRate: number;
  /** Each asked frequency's power divided by the strongest off-tone frequency's. */
  readonly ratios: Readonly<Record<number, number>>;
}

/** Frequencies no test party plays, to compare against. */
const OFF_TONES_HZ = [350, 1_000, 2_200, 3_100];

export function recordedTones(path: string, frequenciesHz: readonly number[]): RecordedTones {
  const durationSec = Number(execFileSync('soxi', ['-D', path], { encoding: 'utf8' }).trim());
  const sampleRate = Number(execFileSync('soxi', ['-r', path], { encoding: 'utf8' }).trim());
  // sox turns whatever it read into plain 16-bit mono samples.
  const raw = execFileSync('sox', [path, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-L', '-'], { maxBuffer: 256 * 1024 * 1024 });
  const samples = Array.from({ length: raw.length / 2 }, (_, index) => raw.readInt16LE(index * 2));
  const off = Math.max(...OFF_TONES_HZ.map((hz) => powerAt(samples, hz, sampleRate)), Number.MIN_VALUE);
  const ratios: Record<number, number> = {};
  for (const hz of frequenciesHz) ratios[hz] = powerAt(samples, hz, sampleRate) / off;
  return { durationSec, sampleRate, ratios };
}

/** The RIFF and data sizes a WAV header claims, for tests of the header itself. */
export function wavSizes(path: string): { riffBytes: number; dataBytes: number; fileBytes: number } {
  const bytes = readFileSync(path);
  return { riffBytes: bytes.readUInt32LE(4), dataBytes: bytes.readUInt32LE(40), fileBytes: bytes.length };
}
