/**
 * The renderer's one i18next instance: English and Simplified Chinese,
 * bundled (the CSP forbids fetching translations), English as fallback.
 *
 * @remarks
 * Keys are typed from `en.json` through {@link TranslationKey} and
 * {@link useT} instead of augmenting i18next's global `CustomTypeOptions`,
 * which would also retype any other i18next user in the project.
 */
import i18next, { type TOptions } from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { resolveLanguage, supportedLanguages } from '../../app/language';
import { resources, type EnglishResource } from '../../app/i18n/resources';

export { resolveLanguage, supportedLanguages, type SupportedLanguage } from '../../app/language';

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type WithoutPluralSuffix<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${WithoutPluralSuffix<K>}`
    : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every key of `en.json`, dotted (`status.registered`). */
export type TranslationKey = Leaves<EnglishResource>;

/** A typed `t`: unknown keys are compile errors. */
export type Translate = (key: TranslationKey, options?: TOptions) => string;

export const i18n = i18next.createInstance();

/**
 * Initialises the instance (synchronously: resources are bundled), or only
 * switches language when already initialised (at run time, no reload: every
 * `useT()` re-renders). Defaults to `navigator.language`.
 */
export function initI18n(language?: string): typeof i18n {
  const requested = language ?? (typeof navigator === 'undefined' ? undefined : navigator.language);
  const lng = resolveLanguage(requested);
  if (i18n.isInitialized) {
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
    return i18n;
  }
  i18n.on('languageChanged', (changed) => {
    if (typeof document !== 'undefined') document.documentElement.lang = changed;
  });
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    supportedLngs: [...supportedLanguages],
    // React escapes what it renders; escaping here too would show `&amp;`.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return i18n;
}

/** `useTranslation` with keys checked against `en.json`. */
export function useT(): Translate {
  const { t } = useTranslation();
  return useCallback<Translate>((key, options) => String(t(key, options ?? {})), [t]);
}
