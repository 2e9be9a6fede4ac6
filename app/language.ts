/** The languages we ship, and how a setting or an OS locale maps to one of them. */
import type { LanguageSetting } from './settings';

export const supportedLanguages = ['en', 'zh-CN'] as const;
export type SupportedLanguage = (typeof supportedLanguages)[number];

/** Maps a BCP 47 tag such as `zh-Hans-CN` or `en-GB` to one we ship; anything else is English. */
export function resolveLanguage(language: string | undefined): SupportedLanguage {
  const tag = language?.toLowerCase() ?? '';
  // Traditional Chinese (zh-TW, zh-HK, zh-Hant) would read Simplified as foreign: English instead.
  if (tag === 'zh' || tag.startsWith('zh-cn') || tag.startsWith('zh-hans') || tag.startsWith('zh-sg')) return 'zh-CN';
  return 'en';
}

/** The language to show for a setting, given the OS locale for `system`. */
export function languageFor(setting: LanguageSetting | undefined, systemLocale: string | undefined): SupportedLanguage {
  return resolveLanguage(setting === undefined || setting === 'system' ? systemLocale : setting);
}
