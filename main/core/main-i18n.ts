/**
 * main's translations (tray menu and tooltip, the incoming-call
 * notification): its own i18next instance over the shared locale files in
 * app/i18n, so there is one source of words.
 */
import i18next, { type i18n as I18n } from 'i18next';
import type { SupportedLanguage } from '../../app/language';
import { I18N_BASE_OPTIONS, type TranslationKey } from '../../app/i18n/resources';

/** main's `t`: keys are checked against `en.json` like the renderer's. */
export type MainTranslate = (key: TranslationKey, options?: Record<string, unknown>) => string;

export class MainTranslations {
  private readonly instance: I18n = i18next.createInstance();

  constructor(language: SupportedLanguage = 'en') {
    void this.instance.init({ ...I18N_BASE_OPTIONS, lng: language });
  }

  setLanguage(language: SupportedLanguage): void {
    if (this.instance.language !== language) void this.instance.changeLanguage(language);
  }

  readonly t: MainTranslate = (key, options) => String(this.instance.t(key, options ?? {}));
}
