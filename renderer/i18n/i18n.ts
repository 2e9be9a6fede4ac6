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
import { createContext, createElement, useCallback, useContext, type ReactNode } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { resolveLanguage } from '../../app/language';
import { I18N_BASE_OPTIONS, type TranslationKey } from '../../app/i18n/resources';

export type { TranslationKey };

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
  void i18n.use(initReactI18next).init({ ...I18N_BASE_OPTIONS, lng, returnNull: false });
  return i18n;
}

const TranslateContext = createContext<Translate | null>(null);

/**
 * The one `useTranslation` of the window, handing its `t` to every
 * {@link useT} below it. A `useTranslation` per component (78 of them) made
 * each render of each one check that the language's resources are loaded
 * and each commit compare that snapshot again: the call panel's render on a
 * call's first response spent several milliseconds there, while the call's
 * next SIP message waited.
 */
export function TranslationProvider(props: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  const translate = useCallback<Translate>((key, options) => String(t(key, options ?? {})), [t]);
  return createElement(TranslateContext.Provider, { value: translate }, props.children);
}

/** `t` with keys checked against `en.json`; a new one (and a render) when the language changes. */
export function useT(): Translate {
  const translate = useContext(TranslateContext);
  if (!translate) throw new Error('useT() outside <TranslationProvider>');
  return translate;
}
