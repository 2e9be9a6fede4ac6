/**
 * Settings' recording part (in the Calls section): record every call (off
 * by default), and the folder recordings go to, chosen with the desktop
 * app's folder picker; the browser version says it always uses the profile's folder.
 */
import { useId, useState } from 'react';
import { useT } from '../i18n/i18n';
import { useApi } from './contexts';
import { errorWords } from './error-words';
import { Icon } from './Icon';
import { SettingSwitch } from './SettingControls';
import { useRecordingFolder } from './store-selectors';

export function RecordingSettings(props: { recordEveryCall: boolean; onRecordEveryCall(isOn: boolean): void }) {
  const t = useT();
  const api = useApi();
  const folder = useRecordingFolder();
  const labelId = useId();
  const [error, setError] = useState<string | null>(null);
  if (!folder) return <p className="field-hint settings-note">{t('recording.unavailable')}</p>;
  const choose = async () => {
    setError(null);
    const chosen = await api.chooseRecordingFolder();
    if (!chosen.ok) setError(errorWords(t, chosen.error));
  };
  return (
    <>
      <SettingSwitch label={t('recording.everyCall')} hint={t('recording.everyCallHint')} isChecked={props.recordEveryCall} onChange={props.onRecordEveryCall} />
      <div className="setting-row">
        <div className="setting-text">
          <span id={labelId}>{t('recording.folder')}</span>
          <p className="field-hint">{folder.canChoose ? t('recording.folderPath', { path: folder.path }) : t('recording.folderFixedHere', { path: folder.path })}</p>
          {error && (
            <p className="inline-error" role="alert">
              {error}
            </p>
          )}
        </div>
        {folder.canChoose && (
          <button type="button" className="button" aria-describedby={labelId} onClick={() => void choose()}>
            <Icon name="folder" size={16} />
            {t('recording.chooseFolder')}
          </button>
        )}
      </div>
    </>
  );
}
