/**
 * Language and theme follow main's settings at run time, without a reload:
 * i18next switches language (every `useT()` re-renders) and the theme is a
 * `data-theme` attribute the CSS variables key on.
 */
import { languageFor } from '../../app/language';
import type { ThemeSetting } from '../../app/settings';
import { initI18n } from '../i18n/i18n';
import { useSoftphoneStore } from './softphone-store';

export function wireAppearance(): void {
  useSoftphoneStore.subscribe(
    (state) => state.snapshot?.settings.language,
    (language) => initI18n(languageFor(language, navigator.language)),
    { fireImmediately: true },
  );
  useSoftphoneStore.subscribe((state) => state.snapshot?.settings.theme, applyTheme, { fireImmediately: true });
}

/** `system` leaves the attribute off, so prefers-color-scheme decides. */
function applyTheme(theme: ThemeSetting | undefined): void {
  const root = document.documentElement;
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  else delete root.dataset.theme;
}
