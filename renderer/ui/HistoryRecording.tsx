/**
 * A call's recording in its history entry: Play (inline, fetched from main
 * in slices: a page cannot open files on disk) and Show in folder where the
 * shell can; the browser version shows where the file is instead.
 */
import { useEffect, useState } from 'react';
import type { CallRecord } from '../../app/call-history';
import type { CallRecording } from '../../app/recording';
import type { SoftphoneApi } from '../../app/ipc-contract';
import type { Result } from '../../app/result';
import { useT } from '../i18n/i18n';
import { formatDuration } from './call-words';
import { useApi } from './contexts';
import { errorWords } from './error-words';
import { Icon } from './Icon';
import { useRecordingFolder } from './store-selectors';

export function HistoryRecording({ record, recording, name }: { record: CallRecord; recording: CallRecording; name: string }) {
  const t = useT();
  const api = useApi();
  const folder = useRecordingFolder();
  const [audioUrl, setAudioUrl] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => {
    if (audioUrl) URL.revokeObjectURL(audioUrl);
  }, [audioUrl]);

  const play = async () => {
    setError(null);
    setIsLoading(true);
    const loaded = await loadRecording(api, record.id);
    setIsLoading(false);
    if (loaded.ok) setAudioUrl(URL.createObjectURL(loaded.value));
    else setError(errorWords(t, loaded.error));
  };
  const show = async () => {
    setError(null);
    const shown = await api.showRecording({ callId: record.id });
    if (!shown.ok) setError(errorWords(t, shown.error));
  };
  const canShowFile = folder?.canShowFile === true;

  return (
    <div className="history-recording">
      <span className="history-meta">
        {t(recording.isComplete ? 'recording.inHistory' : 'recording.inHistoryIncomplete', { duration: formatDuration(recording.durationMs) })}
      </span>
      {audioUrl ? (
        <audio controls autoPlay src={audioUrl} aria-label={t('recording.playerLabel', { name })} />
      ) : (
        <button type="button" className="button" disabled={isLoading} onClick={() => void play()}>
          <Icon name="play" size={16} />
          {t('recording.play')}
        </button>
      )}
      {canShowFile ? (
        <button type="button" className="button" onClick={() => void show()}>
          <Icon name="folder" size={16} />
          {t('recording.showInFolder')}
        </button>
      ) : (
        <span className="history-meta history-recording-path">{t('recording.savedAt', { path: recording.path })}</span>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The whole file as a Blob, slice by slice. */
async function loadRecording(api: SoftphoneApi, callId: string): Promise<Result<Blob>> {
  const parts: Uint8Array[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const slice = await api.readRecording({ callId, offset });
    if (!slice.ok) return slice;
    parts.push(fromBase64(slice.value.data));
    offset = slice.value.nextOffset;
  }
  return { ok: true, value: new Blob(parts as BlobPart[], { type: 'audio/wav' }) };
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
