/**
 * Settings' "Calls" section: Do not disturb and the answer callers get,
 * and recording.
 * Auto-answer is per account (the account form's Advanced part).
 */
import { useId } from 'react';
import type { Settings } from '../../app/settings';
import { useT, type TranslationKey } from '../i18n/i18n';
import { errorWords } from './error-words';
import { RecordingSettings } from './RecordingSettings';
import { SettingSwitch } from './SettingControls';
import { useSettingsUpdate } from './use-settings-update';

type DoNotDisturbCode = Settings['doNotDisturbStatusCode'];

const DND_CODES: readonly { readonly code: DoNotDisturbCode; readonly label: TranslationKey }[] = [
  { code: 486, label: 'general.dndCode486' },
  { code: 480, label: 'general.dndCode480' },
  { code: 603, label: 'general.dndCode603' },
];

export function CallsSettings() {
  const t = useT();
  const { settings, pending, error, update } = useSettingsUpdate();
  const headingId = useId();
  const codeId = useId();
  const codeHintId = useId();

  if (!settings) return null;
  const doNotDisturb = pending.doNotDisturb ?? settings.doNotDisturb;
  const doNotDisturbCode = pending.doNotDisturbStatusCode ?? settings.doNotDisturbStatusCode;

  return (
    <section className="settings-section" aria-labelledby={headingId} id="settings-calls">
      <h2 id={headingId}>{t('settings.callsHeading')}</h2>
      <div className="settings-card">
        <SettingSwitch
          label={t('general.doNotDisturb')}
          hint={t('general.doNotDisturbHint')}
          isChecked={doNotDisturb}
          onChange={(isChecked) => void update({ doNotDisturb: isChecked })}
        >
          <div className="field setting-nested">
            <label htmlFor={codeId}>{t('general.dndAnswer')}</label>
            <select
              id={codeId}
              value={doNotDisturbCode}
              aria-describedby={codeHintId}
              onChange={(event) => void update({ doNotDisturbStatusCode: Number(event.target.value) as DoNotDisturbCode })}
            >
              {DND_CODES.map((option) => (
                <option key={option.code} value={option.code}>
                  {t(option.label)}
                </option>
              ))}
            </select>
            <p id={codeHintId} className="field-hint">
              {t('general.dndAnswerHint')}
            </p>
          </div>
        </SettingSwitch>
        <RecordingSettings
          recordEveryCall={pending.recordEveryCall ?? settings.recordEveryCall}
          onRecordEveryCall={(isOn) => void update({ recordEveryCall: isOn })}
        />
        <p className="field-hint settings-note">{t('settings.callsAutoAnswerNote')}</p>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {t('general.saveFailed', { message: errorWords(t, error) })}
        </p>
      )}
    </section>
  );
}
