/**
 * The translations, in one place for both processes: the renderer's
 * i18next and main's (tray menu and tooltip) load the same JSON.
 * Pure data: no DOM, no React, so main can import it.
 */
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };

export const resources = {
  en: { translation: en },
  // `satisfies` makes a missing Chinese key a type error.
  'zh-CN': { translation: zhCN satisfies typeof en },
};

export type EnglishResource = typeof en;
