/**
 * A 16-bit PCM mono WAV file written as audio arrives.
 *
 * @remarks
 * The RIFF and data sizes in the header are rewritten after every append,
 * so a crash (of the app, or of the machine after the OS flushed) leaves a
 * file that plays up to the last chunk written, never one whose header
 * claims nothing or too much.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

export const WAV_HEADER_BYTES = 44;

/** The canonical 44-byte header of a mono 16-bit PCM file holding `dataBytes` of samples. */
export function wavHeader(sampleRate: number, dataBytes: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** The largest data chunk a RIFF size field can describe (rounded down to whole samples). */
const MAX_DATA_BYTES = 0xffff_ffff - 36 - 1;

export class WavFileWriter {
  private dataBytes = 0;
  private fd: number | undefined;

  /** Creates `path` (never replaces an existing file) with an empty data chunk. */
  constructor(
    readonly path: string,
    readonly sampleRate: number,
  ) {
    this.fd = openSync(path, 'wx');
    writeSync(this.fd, wavHeader(sampleRate, 0), 0, WAV_HEADER_BYTES, 0);
  }

  get bytesOfAudio(): number {
    return this.dataBytes;
  }

  get durationMs(): number {
    return Math.round((this.dataBytes / 2 / this.sampleRate) * 1000);
  }

  /** Appends whole samples (an odd trailing byte is dropped) and fixes the sizes in the header; false once the file is full. */
  append(pcm: Uint8Array): boolean {
    if (this.fd === undefined) throw new Error('The recording is closed.');
    const length = Math.min(pcm.length - (pcm.length % 2), MAX_DATA_BYTES - this.dataBytes);
    if (length <= 0) return pcm.length < 2;
    writeSync(this.fd, pcm, 0, length, WAV_HEADER_BYTES + this.dataBytes);
    this.dataBytes += length;
    this.writeSizes();
    return length === pcm.length - (pcm.length % 2);
  }

  /** Writes the final sizes, flushes to disk and closes; safe to call twice. */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      this.writeSizes(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private writeSizes(fd = this.fd): void {
    if (fd === undefined) return;
    const sizes = Buffer.alloc(4);
    sizes.writeUInt32LE(36 + this.dataBytes, 0);
    writeSync(fd, sizes, 0, 4, 4);
    sizes.writeUInt32LE(this.dataBytes, 0);
    writeSync(fd, sizes, 0, 4, 40);
  }
}
