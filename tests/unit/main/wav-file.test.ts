/**
 * The WAV writer: its header always describes the audio written so far, so
 * a file cut off mid-call (a crash) still plays up to its last chunk; sox is
 * the judge of "plays", and the tones it hears are the ones written.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { floatToPcm16 } from '../../../app/recording';
import { WAV_HEADER_BYTES, WavFileWriter, wavHeader } from '../../../main/core/wav-file';
import { recordedTones, wavSizes } from '../../support/recorded-tones';

const RATE = 16_000;

function sine(hz: number, seconds: number, amplitude = 0.5): Float32Array {
  const samples = new Float32Array(Math.round(RATE * seconds));
  for (let index = 0; index < samples.length; index += 1) samples[index] = amplitude * Math.sin((2 * Math.PI * hz * index) / RATE);
  return samples;
}

function withFolder(run: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'wav-test-'));
  try {
    run(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('the header is the canonical 44 bytes of 16-bit mono PCM', () => {
  const header = wavHeader(48_000, 96_000);
  assert.equal(header.length, WAV_HEADER_BYTES);
  assert.equal(header.toString('ascii', 0, 4), 'RIFF');
  assert.equal(header.readUInt32LE(4), 36 + 96_000);
  assert.equal(header.toString('ascii', 8, 16), 'WAVEfmt ');
  assert.equal(header.readUInt16LE(20), 1, 'PCM');
  assert.equal(header.readUInt16LE(22), 1, 'mono');
  assert.equal(header.readUInt32LE(24), 48_000);
  assert.equal(header.readUInt32LE(28), 96_000, 'byte rate');
  assert.equal(header.readUInt16LE(34), 16, 'bits per sample');
  assert.equal(header.toString('ascii', 36, 40), 'data');
  assert.equal(header.readUInt32LE(40), 96_000);
});

test('after every chunk the header claims exactly what was written: a copy taken mid-recording plays up to there', () => {
  withFolder((folder) => {
    const path = join(folder, 'call.partial.wav');
    const writer = new WavFileWriter(path, RATE);
    assert.deepEqual(wavSizes(path), { riffBytes: 36, dataBytes: 0, fileBytes: WAV_HEADER_BYTES });
    assert.ok(writer.append(floatToPcm16(sine(600, 1))));
    assert.ok(writer.append(floatToPcm16(sine(600, 1))));
    // As a crash would leave it: the file as it is on disk now, never closed.
    const crashed = join(folder, 'crashed.wav');
    copyFileSync(path, crashed);
    assert.deepEqual(wavSizes(crashed), { riffBytes: 36 + 2 * RATE * 2, dataBytes: 2 * RATE * 2, fileBytes: WAV_HEADER_BYTES + 2 * RATE * 2 });
    const heard = recordedTones(crashed, [600]);
    assert.equal(heard.durationSec, 2);
    assert.ok(heard.ratios[600]! > 100);
    writer.close();
    writer.close();
    assert.equal(writer.durationMs, 2_000);
  });
});

test('a chunk with an odd trailing byte keeps whole samples only, so the data stays aligned', () => {
  withFolder((folder) => {
    const path = join(folder, 'odd.wav');
    const writer = new WavFileWriter(path, RATE);
    writer.append(new Uint8Array([1, 0, 2]));
    writer.close();
    assert.deepEqual(wavSizes(path), { riffBytes: 38, dataBytes: 2, fileBytes: WAV_HEADER_BYTES + 2 });
  });
});

test('it never replaces an existing file', () => {
  withFolder((folder) => {
    const path = join(folder, 'taken.wav');
    new WavFileWriter(path, RATE).close();
    assert.throws(() => new WavFileWriter(path, RATE), /EEXIST/);
  });
});

test('the tone check tells the recorded tone from one that was not recorded', () => {
  withFolder((folder) => {
    const path = join(folder, 'one-tone.wav');
    const writer = new WavFileWriter(path, RATE);
    const mix = sine(600, 2, 0.4);
    const other = sine(1_500, 2, 0.4);
    for (let index = 0; index < mix.length; index += 1) mix[index] = mix[index]! + other[index]!;
    writer.append(floatToPcm16(mix));
    writer.append(floatToPcm16(sine(600, 1)));
    writer.close();
    const both = recordedTones(path, [600, 1_500, 900]);
    assert.ok(both.ratios[600]! > 20 && both.ratios[1_500]! > 20, JSON.stringify(both.ratios));
    assert.ok(both.ratios[900]! < 20, `a tone nobody played is not heard (${both.ratios[900]})`);
  });
});

test('float samples become clipped 16-bit little-endian PCM', () => {
  const pcm = floatToPcm16(new Float32Array([0, 1, -1, 2, -2, 0.5]));
  const view = new DataView(pcm.buffer);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((index) => view.getInt16(index * 2, true)), [0, 32767, -32768, 32767, -32768, 16384]);
});
