/**
 * What a recording holds, as a listener would judge it: sox reads the file
 * (so it is a playable WAV, not just bytes), and the strength of each
 * frequency is measured with the Goertzel filter against off-tone frequencies.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
  const samples = new Float64Array(raw.length / 2);
  for (let index = 0; index < samples.length; index += 1) samples[index] = raw.readInt16LE(index * 2) / 32768;
  const off = Math.max(...OFF_TONES_HZ.map((hz) => goertzelPower(samples, sampleRate, hz)), Number.MIN_VALUE);
  const ratios: Record<number, number> = {};
  for (const hz of frequenciesHz) ratios[hz] = goertzelPower(samples, sampleRate, hz) / off;
  return { durationSec, sampleRate, ratios };
}

function goertzelPower(samples: Float64Array, sampleRate: number, hz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return (previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious) / samples.length;
}

/** The RIFF and data sizes a WAV header claims, for tests of the header itself. */
export function wavSizes(path: string): { riffBytes: number; dataBytes: number; fileBytes: number } {
  const bytes = readFileSync(path);
  return { riffBytes: bytes.readUInt32LE(4), dataBytes: bytes.readUInt32LE(40), fileBytes: bytes.length };
}
