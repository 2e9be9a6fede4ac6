/**
 * Recording in the call panel: the Record / Stop recording button, and while
 * it records an indicator in words and colour with the elapsed time (never
 * colour alone); why it stopped early when it did.
 */
import { useState } from 'react';
import { useT } from '../i18n/i18n';
import type { CallView } from '../store/call-view';
import { formatDuration } from './call-words';
import { useCallControls } from './contexts';
import { errorWords } from './error-words';
import { Icon } from './Icon';
import { useCallMedia, useRecordingFolder } from './store-selectors';
import { useNow } from './use-now';

/** The button, shown for a connected call when this shell can record. */
export function RecordButton({ call }: { call: CallView }) {
  const t = useT();
  const controls = useCallControls();
  const canRecord = useRecordingFolder() !== null;
  const { recording } = useCallMedia(call.id);
  const [isBusy, setIsBusy] = useState(false);
  if (!canRecord || call.phase !== 'connected') return null;
  const isRecording = recording?.state === 'recording' || recording?.state === 'starting';
  const toggle = async () => {
    setIsBusy(true);
    await controls.setRecording(call.id, !isRecording);
    setIsBusy(false);
  };
  return (
    <button type="button" className="button" aria-pressed={isRecording} disabled={isBusy || recording?.state === 'stopping'} onClick={() => void toggle()}>
      <Icon name={isRecording ? 'stop' : 'record'} size={18} />
      {isRecording ? t('recording.stop') : t('recording.record')}
    </button>
  );
}

/** "● Recording 0:12" while it records; the reason when it could not start or stopped early. */
export function RecordingIndicator({ call }: { call: CallView }) {
  const t = useT();
  const { recording } = useCallMedia(call.id);
  const isRecording = recording?.state === 'recording';
  const now = useNow(isRecording);
  if (!recording) return null;
  if (recording.error) {
    return (
      <span className="call-failure" role="alert">
        {t('recording.stoppedEarly', { reason: errorWords(t, recording.error) })}
      </span>
    );
  }
  if (!isRecording) return null;
  return (
    <span className="call-recording">
      <span className="call-recording-dot" aria-hidden="true" />
      {/* Only the words are live: a ticking timer would be read out every second. */}
      <span role="status">{t('recording.indicator')}</span>{' '}
      <span className="call-timer">{formatDuration(now - (recording.startedAt ?? now))}</span>
    </span>
  );
}
