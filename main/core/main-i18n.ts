/**
 * main's translations (tray menu and tooltip, the incoming-call
 * notification): its own i18next instance over the shared locale files in
 * app/i18n, so there is one source of words.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { supportedLanguages, type SupportedLanguage } from '../../app/language';
import { resources } from '../../app/i18n/resources';

/** A plain `t` for main: keys are checked by the i18n completeness test, not the type system. */
export type MainTranslate = (key: string, options?: Record<string, unknown>) => string;

export class MainTranslations {
  private readonly instance: I18n = i18next.createInstance();

  constructor(language: SupportedLanguage = 'en') {
    void this.instance.init({
      resources,
      lng: language,
      fallbackLng: 'en',
      supportedLngs: [...supportedLanguages],
      interpolation: { escapeValue: false },
      initAsync: false,
    });
  }

  get language(): SupportedLanguage {
    return this.instance.language as SupportedLanguage;
  }

  setLanguage(language: SupportedLanguage): void {
    if (this.instance.language !== language) void this.instance.changeLanguage(language);
  }

  readonly t: MainTranslate = (key, options) => String(this.instance.t(key, options ?? {}));
}
