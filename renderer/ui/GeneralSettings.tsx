/**
 * Settings' "General" section: start at login, keep running in the tray,
 * language, theme, link handling, the global call shortcut and where the
 * log files are. Main owns
 * the values; each control shows the requested state until main agrees.
 */
import { useId, useState } from 'react';
import { shouldStartAtLogin, type LanguageSetting, type ThemeSetting } from '../../app/settings';
import { useT } from '../i18n/i18n';
import { useSoftphoneStore } from '../store/softphone-store';
import { useApi } from './contexts';
import { errorWords, unexpectedError } from './error-words';
import { SettingChoice, SettingSwitch } from './SettingControls';
import { ShortcutField } from './ShortcutField';
import { NotificationPermissionRow } from './NotificationPermissionRow';
import { useDesktopFeatures } from './store-selectors';
import { useSettingsUpdate } from './use-settings-update';

export function GeneralSettings() {
  const t = useT();
  const { settings, pending, error, update } = useSettingsUpdate();
  const desktop = useDesktopFeatures();
  const desktopOnly = t('general.desktopOnly');
  const headingId = useId();
  if (!settings) return null;

  const startAtLogin = pending.startAtLogin ?? shouldStartAtLogin(settings);
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
          unavailableNote={desktop.startAtLogin ? undefined : desktopOnly}
          onChange={(isChecked) => void update({ startAtLogin: isChecked })}
        />
        <SettingSwitch
          label={t('general.closeToTray')}
          hint={t('general.closeToTrayHint')}
          isChecked={closeToTray}
          unavailableNote={desktop.tray ? undefined : desktopOnly}
          onChange={(isChecked) => void update({ closeToTray: isChecked })}
        />
        <SettingSwitch
          label={t('general.handleLinks')}
          hint={t('general.handleLinksHint')}
          isChecked={handleLinks}
          unavailableNote={desktop.links ? undefined : desktopOnly}
          onChange={(isChecked) => void update({ handleLinks: isChecked })}
        />
        <SettingSwitch
          label={t('general.callLinksAtOnce')}
          hint={t('general.callLinksAtOnceHint')}
          isChecked={callLinksAtOnce}
          unavailableNote={desktop.links ? undefined : desktopOnly}
          onChange={(isChecked) => void update({ callLinksAtOnce: isChecked })}
        />
        <NotificationPermissionRow />
        <ShortcutField saved={settings.globalShortcut} unavailableNote={desktop.globalShortcut ? undefined : desktopOnly} />
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
