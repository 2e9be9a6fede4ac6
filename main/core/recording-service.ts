/**
 * Call recordings on disk: main names each file, keeps it inside the
 * recording folder, writes the PCM the renderer streams (see wav-file.ts)
 * and links the finished file to the call's history entry.
 *
 * ```
 * start ──► recording ──append…──► stop ──► linked to history
 *               └── disk full / folder gone / window gone ──► stopped early (isComplete: false)
 * ```
 * @remarks
 * A file is written as `<name>.partial.wav` and renamed to `<name>.wav` when
 * it stops: after a crash the `.partial.wav` plays up to its last chunk and
 * says by its name that it is incomplete. Only the window that started a
 * recording can write to it or stop it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { historyIdOf } from '../../app/call-history';
import type { CallRecording, RecordingStart } from '../../app/recording';
import { describeError, fail, ok, type Result } from '../../app/result';
import type { CallHistoryStore } from './call-history-store';
import type { Logger } from './logger';
import type { RendererEntry } from './renderer-registry';
import { WavFileWriter } from './wav-file';

/** What the shell gives the core for recordings. */
export interface RecordingsPort {
  /** Where recordings go until the user chooses a folder (the browser version: always). */
  readonly defaultFolder: string;
  /** A folder picker (the desktop app); undefined when the user cancelled. */
  chooseFolder?(): Promise<string | undefined>;
  /** Shows the file in the OS file manager; false when it could not. */
  showFile?(path: string): Promise<boolean>;
}

interface ActiveRecording {
  readonly id: string;
  readonly owner: RendererEntry;
  readonly historyId: string;
  readonly finalPath: string;
  readonly writer: WavFileWriter;
}

/** Finished recordings kept for history entries that arrive after the recording stopped. */
const FINISHED_KEPT = 32;

export class RecordingService {
  private readonly active = new Map<string, ActiveRecording>();
  private readonly finished = new Map<string, CallRecording>();

  constructor(
    private readonly parts: {
      /** The folder now; a default folder is created when missing, a chosen one never is (a drive that is gone stays gone). */
      readonly folder: () => { readonly path: string; readonly isDefault: boolean };
      readonly history: CallHistoryStore;
      readonly log: Logger;
      readonly publish: () => void;
      readonly now?: () => number;
    },
  ) {}

  start(request: RecordingStart, owner: RendererEntry): Result<{ recordingId: string }> {
    const { path: chosen, isDefault } = this.parts.folder();
    const folder = resolve(chosen);
    const name = recordingName(new Date(this.parts.now?.() ?? Date.now()), request.remoteUri);
    const finalPath = join(folder, `${name}.wav`);
    const partialPath = join(folder, `${name}.partial.wav`);
    if (!isInside(folder, finalPath) || !isInside(folder, partialPath)) return fail('recording-failed', 'The recording file name left its folder.');
    let writer: WavFileWriter;
    try {
      if (isDefault) mkdirSync(folder, { recursive: true });
      writer = new WavFileWriter(partialPath, request.sampleRate);
    } catch (error) {
      return this.writeFailure(error, folder);
    }
    const id = randomUUID();
    this.active.set(id, { id, owner, historyId: historyIdOf(request.callId), finalPath, writer });
    this.parts.log.info(`recording ${id} started in ${folder}`);
    return ok({ recordingId: id });
  }

  append(recordingId: string, pcmBase64: string, owner: RendererEntry): Result<null> {
    const recording = this.ownedBy(recordingId, owner);
    if (!recording) return fail('recording-not-found', 'No such recording is running in this window.');
    try {
      if (!recording.writer.append(Buffer.from(pcmBase64, 'base64'))) {
        this.finish(recording, false);
        return fail('recording-too-long', 'The recording reached the largest size a WAV file can hold.');
      }
      return ok(null);
    } catch (error) {
      this.finish(recording, false);
      return this.writeFailure(error, recording.finalPath);
    }
  }

  stop(recordingId: string, owner: RendererEntry): Result<CallRecording> {
    const recording = this.ownedBy(recordingId, owner);
    if (!recording) return fail('recording-not-found', 'No such recording is running in this window.');
    return ok(this.finish(recording, true));
  }

  /** The window is gone (reload, crash, closed): its recordings stop with what they hold. */
  forgetRenderer(owner: RendererEntry): void {
    for (const recording of [...this.active.values()]) if (recording.owner === owner) this.finish(recording, false);
  }

  /** Closes every file (the core stops). */
  stopAll(): void {
    for (const recording of [...this.active.values()]) this.finish(recording, false);
  }

  /** The recording of a call whose history entry is written only now. */
  finishedRecordingOf(callId: string): CallRecording | undefined {
    return this.finished.get(historyIdOf(callId));
  }

  private ownedBy(recordingId: string, owner: RendererEntry): ActiveRecording | undefined {
    const recording = this.active.get(recordingId);
    return recording?.owner === owner ? recording : undefined;
  }

  private finish(recording: ActiveRecording, isComplete: boolean): CallRecording {
    this.active.delete(recording.id);
    let path = recording.writer.path;
    try {
      recording.writer.close();
      renameSync(recording.writer.path, recording.finalPath);
      path = recording.finalPath;
    } catch (error) {
      // The .partial.wav stays, named as what it is.
      this.parts.log.warn(`recording ${recording.id} could not be finished: ${describeError(error)}`);
      isComplete = false;
    }
    const linked: CallRecording = { path, durationMs: recording.writer.durationMs, isComplete };
    this.finished.set(recording.historyId, linked);
    while (this.finished.size > FINISHED_KEPT) this.finished.delete(this.finished.keys().next().value!);
    if (this.parts.history.linkRecording(recording.historyId, linked)) this.parts.publish();
    this.parts.log.info(`recording ${recording.id} stopped (${linked.durationMs} ms${isComplete ? '' : ', incomplete'})`);
    return linked;
  }

  private writeFailure(error: unknown, path: string): Result<never> {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    this.parts.log.warn(`recording could not be written (${path}): ${describeError(error)}`);
    if (code === 'ENOSPC' || code === 'EDQUOT') return fail('recording-disk-full', 'The disk is full; the recording stopped.');
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('recording-folder-missing', `The recording folder "${path}" is gone.`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return fail('recording-folder-denied', `The recording folder "${path}" cannot be written to.`);
    return fail('recording-failed', 'The recording could not be written.');
  }
}

/** `2026-12-05_06-12-03_bob_1a2b3c`: sortable, readable, and safe on every file system. */
export function recordingName(at: Date, remoteUri: string): string {
  const stamp = at.toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
  const user = /^(?:sips?:|tel:)?([^@;?]*)/i.exec(remoteUri)?.[1] ?? '';
  const safeUser = user.replace(/[^A-Za-z0-9+_-]/g, '').slice(0, 40) || 'call';
  return `${stamp}_${safeUser}_${randomUUID().slice(0, 6)}`;
}

/** `path` is inside `folder` (not the folder itself, not beside it). */
export function isInside(folder: string, path: string): boolean {
  const rest = relative(resolve(folder), resolve(path));
  return rest !== '' && !rest.startsWith('..') && !isAbsolute(rest);
}
