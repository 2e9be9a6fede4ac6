/**
 * The translations, in one place for both processes: the renderer's
 * i18next and main's (tray menu and tooltip) load the same JSON.
 * Pure data: no DOM, no React, so main can import it.
 */
import { supportedLanguages } from '../language';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };

export const resources = {
  en: { translation: en },
  // `satisfies` makes a missing Chinese key a type error.
  'zh-CN': { translation: zhCN satisfies typeof en },
};

export type EnglishResource = typeof en;

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type WithoutPluralSuffix<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${WithoutPluralSuffix<K>}`
    : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every key of `en.json`, dotted (`status.registered`): both processes' `t` take only these. */
export type TranslationKey = Leaves<EnglishResource>;

/** What both processes' i18next instances share; each adds its language. */
export const I18N_BASE_OPTIONS = {
  resources,
  fallbackLng: 'en',
  supportedLngs: [...supportedLanguages],
  // React escapes what it renders and the tray shows plain text: escaping here too would show `&amp;`.
  interpolation: { escapeValue: false },
  initAsync: false,
};
