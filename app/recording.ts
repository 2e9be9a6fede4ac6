/**
 * Call recording across the process boundary: the renderer mixes both
 * directions of a call into 16-bit PCM and streams it to main in chunks;
 * main owns the file (its folder, its name, its header) and links it to the
 * call's history entry.
 */
import { z } from 'zod';

/** One chunk of PCM is at most this many bytes (about 5 s of 48 kHz mono), before base64. */
export const MAX_RECORDING_CHUNK_BYTES = 480_000;

/** The id main gives a recording when it starts; chunks and the stop name it. */
export const RecordingIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** Base64 of a whole number of 16-bit samples, never more than {@link MAX_RECORDING_CHUNK_BYTES}. */
const PcmBase64Schema = z
  .string()
  .min(4)
  .max(Math.ceil(MAX_RECORDING_CHUNK_BYTES / 3) * 4)
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);

export const RecordingStartSchema = z
  .object({
    /** The call's id, as its history entry will have it. */
    callId: z.string().min(1).max(65_536),
    accountId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    /** Only its user part ends up in the file name, cleaned of anything a file system minds. */
    remoteUri: z.string().max(512),
    /** The mix's sample rate (the renderer's AudioContext). */
    sampleRate: z.number().int().min(8_000).max(96_000),
  })
  .strict();
export type RecordingStart = z.infer<typeof RecordingStartSchema>;

export const RecordingChunkSchema = z.object({ recordingId: RecordingIdSchema, pcm: PcmBase64Schema }).strict();
export type RecordingChunk = z.infer<typeof RecordingChunkSchema>;

/** A recording as a call's history entry links it: the file main wrote, never a path the renderer named. */
export const CallRecordingSchema = z.object({
  /** Absolute path of the file. */
  path: z.string().min(1).max(4_096),
  durationMs: z.number().int().min(0),
  /** False when writing stopped early (disk full, folder gone): the file holds what was written until then. */
  isComplete: z.boolean(),
});
export type CallRecording = z.infer<typeof CallRecordingSchema>;

/** Where recordings go and what the shell can do with them (the snapshot's `recording`). */
export interface RecordingFolderView {
  readonly path: string;
  /** The shell shows a folder picker (the desktop app); the browser version always uses the profile's folder. */
  readonly canChoose: boolean;
  /** The shell can show a file in the OS file manager. */
  readonly canShowFile: boolean;
}

/** `recordings:read` hands a recording back in slices of this many bytes (before base64). */
export const RECORDING_READ_SLICE_BYTES = 1_048_576;

/** 16-bit little-endian PCM from Web Audio's float samples (clipped to [-1, 1]). */
export function floatToPcm16(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < samples.length; index += 1) {
    const sample = Math.max(-1, Math.min(1, samples[index]!));
    view.setInt16(index * 2, Math.round(sample < 0 ? sample * 0x8000 : sample * 0x7fff), true);
  }
  return bytes;
}
