/**
 * Settings' "General" section: start at login, keep running in the tray, and
 * Do not disturb with the answer callers get. Main owns the values; each
 * switch shows the requested state until main's snapshot agrees.
 */
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { shouldStartAtLogin, type Settings, type SettingsChange } from '../../app/settings';
import { useT, type TranslationKey } from '../i18n/i18n';
import { useApi } from './contexts';
import { useAccounts, useSettings } from './store-selectors';

type DoNotDisturbCode = Settings['doNotDisturbStatusCode'];

const DND_CODES: readonly { readonly code: DoNotDisturbCode; readonly label: TranslationKey }[] = [
  { code: 486, label: 'general.dndCode486' },
  { code: 480, label: 'general.dndCode480' },
  { code: 603, label: 'general.dndCode603' },
];

export interface GeneralSettingsProps {
  /** The top bar's Do not disturb pill was used: focus that switch, then report it done. */
  readonly shouldFocusDoNotDisturb: boolean;
  onDoNotDisturbFocused(): void;
}

export function GeneralSettings(props: GeneralSettingsProps) {
  const t = useT();
  const api = useApi();
  const settings = useSettings();
  const accountCount = useAccounts().length;
  const headingId = useId();
  const codeId = useId();
  const codeHintId = useId();
  const doNotDisturbRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<SettingsChange>({});
  const [error, setError] = useState<string | null>(null);

  // A requested value stops being pending once main's snapshot carries it.
  useEffect(() => {
    if (!settings) return;
    setPending((current) => {
      const entries = Object.entries(current).filter(([key, value]) => settings[key as keyof Settings] !== value);
      return entries.length === Object.keys(current).length ? current : (Object.fromEntries(entries) as SettingsChange);
    });
  }, [settings]);

  const { shouldFocusDoNotDisturb, onDoNotDisturbFocused } = props;
  useEffect(() => {
    const input = doNotDisturbRef.current;
    if (!shouldFocusDoNotDisturb || !input) return;
    input.focus();
    input.scrollIntoView({ block: 'center' });
    onDoNotDisturbFocused();
  }, [shouldFocusDoNotDisturb, onDoNotDisturbFocused, settings !== null]);

  if (!settings) return null;

  const update = async (change: SettingsChange) => {
    setPending((current) => ({ ...current, ...change }));
    setError(null);
    const dropChange = () =>
      setPending((current) =>
        Object.fromEntries(Object.entries(current).filter(([key]) => !(key in change))) as SettingsChange,
      );
    try {
      const result = await api.updateSettings(change);
      if (!result.ok) {
        dropChange();
        setError(result.error.message);
      }
    } catch (failure) {
      dropChange();
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  const startAtLogin = pending.startAtLogin ?? shouldStartAtLogin(settings, accountCount);
  const closeToTray = pending.closeToTray ?? settings.closeToTray;
  const handleLinks = pending.handleLinks ?? settings.handleLinks;
  const doNotDisturb = pending.doNotDisturb ?? settings.doNotDisturb;
  const doNotDisturbCode = pending.doNotDisturbStatusCode ?? settings.doNotDisturbStatusCode;

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('general.heading')}</h2>
      <div className="settings-card">
        <SettingSwitch
          label={t('general.startAtLogin')}
          hint={t('general.startAtLoginHint')}
          isChecked={startAtLogin}
          onChange={(isChecked) => void update({ startAtLogin: isChecked })}
        />
        <SettingSwitch
          label={t('general.closeToTray')}
          hint={t('general.closeToTrayHint')}
          isChecked={closeToTray}
          onChange={(isChecked) => void update({ closeToTray: isChecked })}
        />
        <SettingSwitch
          label={t('general.handleLinks')}
          hint={t('general.handleLinksHint')}
          isChecked={handleLinks}
          onChange={(isChecked) => void update({ handleLinks: isChecked })}
        />
        <SettingSwitch
          inputRef={doNotDisturbRef}
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
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {t('general.saveFailed', { message: error })}
        </p>
      )}
    </section>
  );
}

interface SettingSwitchProps {
  readonly label: string;
  readonly hint: string;
  readonly isChecked: boolean;
  onChange(isChecked: boolean): void;
  readonly inputRef?: RefObject<HTMLInputElement | null>;
  /** Further controls that belong to this setting. */
  readonly children?: ReactNode;
}

function SettingSwitch(props: SettingSwitchProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="setting-row">
      <div className="setting-text">
        <label htmlFor={id}>{props.label}</label>
        <p id={hintId} className="field-hint">
          {props.hint}
        </p>
      </div>
      <input
        ref={props.inputRef}
        id={id}
        type="checkbox"
        role="switch"
        checked={props.isChecked}
        aria-describedby={hintId}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      {props.children}
    </div>
  );
}
