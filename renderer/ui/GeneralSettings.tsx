/**
 * Settings' "General" section: start at login, keep running in the tray,
 * language, theme, link handling, the global call shortcut and where the
 * log files are. Main owns
 * the values; each control shows the requested state until main agrees.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { validateAccelerator } from '../../app/accelerator';
import { shouldStartAtLogin, type LanguageSetting, type ThemeSetting } from '../../app/settings';
import { useT } from '../i18n/i18n';
import { useSoftphoneStore } from '../store/softphone-store';
import { useApi } from './contexts';
import { errorWords, unexpectedError } from './error-words';
import { SettingChoice, SettingSwitch } from './SettingControls';
import { useAccounts } from './store-selectors';
import { useSettingsUpdate } from './use-settings-update';

export function GeneralSettings() {
  const t = useT();
  const { settings, pending, error, update } = useSettingsUpdate();
  const accountCount = useAccounts().length;
  const headingId = useId();
  if (!settings) return null;

  const startAtLogin = pending.startAtLogin ?? shouldStartAtLogin(settings, accountCount);
  const closeToTray = pending.closeToTray ?? settings.closeToTray;
  const handleLinks = pending.handleLinks ?? settings.handleLinks;
  const callLinksAtOnce = pending.callLinksAtOnce ?? settings.callLinksAtOnce;
  const language = pending.language ?? settings.language;
  const theme = pending.theme ?? settings.theme;

  return (
    <section className="settings-section" aria-labelledby={headingId} id="settings-general">
      <h2 id={headingId}>{t('general.heading')}</h2>
      <div className="settings-card">
        <SettingChoice<LanguageSetting>
          label={t('general.language')}
          hint={t('general.languageHint')}
          value={language}
          options={[
            { value: 'system', label: t('general.languageSystem') },
            { value: 'en', label: t('general.languageEn'), lang: 'en' },
            { value: 'zh-CN', label: t('general.languageZh'), lang: 'zh-CN' },
          ]}
          onChange={(value) => void update({ language: value })}
        />
        <SettingChoice<ThemeSetting>
          label={t('general.theme')}
          hint={t('general.themeHint')}
          value={theme}
          options={[
            { value: 'system', label: t('general.themeSystem') },
            { value: 'light', label: t('general.themeLight') },
            { value: 'dark', label: t('general.themeDark') },
          ]}
          onChange={(value) => void update({ theme: value })}
        />
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
          label={t('general.callLinksAtOnce')}
          hint={t('general.callLinksAtOnceHint')}
          isChecked={callLinksAtOnce}
          onChange={(isChecked) => void update({ callLinksAtOnce: isChecked })}
        />
        <ShortcutField saved={settings.globalShortcut} />
        <LogFolderRow />
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {t('general.saveFailed', { message: errorWords(t, error) })}
        </p>
      )}
    </section>
  );
}

/** A typed accelerator, checked on Apply with the same rules main applies. */
function ShortcutField({ saved }: { readonly saved: string }) {
  const t = useT();
  const { update } = useSettingsUpdate();
  const id = useId();
  const [text, setText] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => setText(saved), [saved]);

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    setMessage('');
    const checked = validateAccelerator(text);
    if (!checked.ok) {
      setError(errorWords(t, checked.error));
      return;
    }
    const refused = await update({ globalShortcut: checked.value });
    if (refused) setError(errorWords(t, refused));
    else {
      setError(null);
      setMessage(checked.value === '' ? t('general.shortcutCleared') : t('general.shortcutSaved', { shortcut: checked.value }));
    }
  };

  const describedBy = [error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ');
  return (
    <form className="setting-row setting-shortcut" onSubmit={(event) => void apply(event)} noValidate>
      <div className="setting-text field">
        <label htmlFor={id}>{t('general.shortcut')}</label>
        <p id={`${id}-hint`} className="field-hint">
          {t('general.shortcutHint')}
        </p>
        <div className="setting-inline">
          <input
            id={id}
            type="text"
            value={text}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
              setMessage('');
            }}
          />
          <button type="submit" className="button">
            {t('general.shortcutApply')}
          </button>
        </div>
        {error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
        <p className="settings-message" role="status">
          {message}
        </p>
      </div>
    </form>
  );
}

/** The log folder: a button that opens it where main can (the app), its path where it cannot (the browser host). */
function LogFolderRow() {
  const t = useT();
  const api = useApi();
  const id = useId();
  const folder = useSoftphoneStore((state) => state.snapshot?.logFolder);
  const [error, setError] = useState<string | null>(null);
  if (!folder) return null;

  const open = async () => {
    setError(null);
    const result = await api.openLogFolder().catch((failure: unknown) => ({ ok: false as const, error: unexpectedError(failure) }));
    if (!result.ok) setError(errorWords(t, result.error));
  };

  return (
    <div className="setting-row">
      <div className="setting-text">
        <span id={id}>{t('general.logFolder')}</span>
        <p className="field-hint">{t('general.logFolderHint')}</p>
        {!folder.canOpen && <p className="field-hint">{t('general.logFolderPath', { path: folder.path })}</p>}
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {folder.canOpen && (
        <button type="button" className="button" aria-describedby={id} onClick={() => void open()}>
          {t('general.openLogFolder')}
        </button>
      )}
    </div>
  );
}
