/** The recordings domain: start, stream and stop a call's recording, choose the folder, play and show a recording from history. */
import { open } from 'node:fs/promises';
import { RECORDING_READ_SLICE_BYTES, type RecordingFolderView } from '../../app/recording';
import { describeError, fail, ok, type Result } from '../../app/result';
import type { CoreHandlerContext } from './core-handler-context';
import type { InvokeHandlers } from './core-handlers';
import type { RecordingsPort, RecordingService } from './recording-service';

type RecordingChannels =
  | 'recordings:start'
  | 'recordings:append'
  | 'recordings:stop'
  | 'recordings:choose-folder'
  | 'recordings:read'
  | 'recordings:show';

export function recordingHandlers(context: CoreHandlerContext, recordings: RecordingService): InvokeHandlers<RecordingChannels> {
  const { stores, ports, publish } = context;
  const port = ports.recordings;
  const recordingOf = (callId: string) => stores.history.list().find((record) => record.id === callId)?.recording;
  return {
    'recordings:start': (request, renderer) => {
      if (!port) return fail('recording-unavailable', 'This softphone cannot record calls.');
      return recordings.start(request, renderer);
    },
    'recordings:append': ({ recordingId, pcm }, renderer) => recordings.append(recordingId, pcm, renderer),
    'recordings:stop': ({ recordingId }, renderer) => recordings.stop(recordingId, renderer),
    'recordings:choose-folder': async () => {
      if (!port?.chooseFolder) return fail('recording-folder-choice-unavailable', 'This version cannot show a folder picker.');
      const chosen = await port.chooseFolder();
      if (chosen === undefined) return ok(null);
      stores.settings.setRecordingFolder(chosen);
      publish();
      return ok({ path: chosen });
    },
    'recordings:read': async ({ callId, offset }) => {
      const recording = recordingOf(callId);
      if (!recording) return fail('recording-not-linked', 'This call has no recording.');
      return readSlice(recording.path, offset);
    },
    'recordings:show': async ({ callId }) => {
      const recording = recordingOf(callId);
      if (!recording) return fail('recording-not-linked', 'This call has no recording.');
      if (!port?.showFile) return fail('recording-show-unavailable', 'This version cannot open the file manager.');
      return (await port.showFile(recording.path)) ? ok(null) : fail('recording-file-missing', `The recording "${recording.path}" is no longer there.`);
    },
  };
}

/** Where recordings go now and what the shell can do with them, for the snapshot; absent when the shell cannot record. */
export function recordingFolderView(port: RecordingsPort | undefined, chosenFolder: string | undefined): RecordingFolderView | undefined {
  if (!port) return undefined;
  return { path: chosenFolder ?? port.defaultFolder, canChoose: port.chooseFolder !== undefined, canShowFile: port.showFile !== undefined };
}

async function readSlice(path: string, offset: number): Promise<Result<{ data: string; totalBytes: number; nextOffset: number | null }>> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('recording-file-missing', `The recording "${path}" is no longer there.`);
    return fail('recording-unreadable', `The recording could not be read: ${describeError(error)}`);
  }
  try {
    const { size } = await file.stat();
    const length = Math.max(0, Math.min(RECORDING_READ_SLICE_BYTES, size - offset));
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, offset);
    const end = offset + bytesRead;
    return ok({ data: buffer.subarray(0, bytesRead).toString('base64'), totalBytes: size, nextOffset: end < size ? end : null });
  } finally {
    await file.close();
  }
}
