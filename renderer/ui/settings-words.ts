/** Settings refusals (codes from app/ice-servers.ts and app/accelerator.ts) in the UI's language. */
import type { AppError } from '../../app/result';
import type { Translate, TranslationKey } from '../i18n/i18n';

const KEYS: Readonly<Record<string, TranslationKey>> = {
  'ice-url-empty': 'network.urlEmpty',
  'ice-url-scheme': 'network.urlScheme',
  'ice-url-format': 'network.urlFormat',
  'ice-turn-credentials': 'network.turnCredentials',
  'ice-stun-credentials': 'network.stunCredentials',
  'shortcut-format': 'general.shortcutFormat',
  'shortcut-modifier': 'general.shortcutModifier',
  'shortcut-key': 'general.shortcutKey',
  'shortcut-needs-modifier': 'general.shortcutNeedsModifier',
};

/** The words for a code we know (reusing the quoted value of the English message); the English otherwise. */
export function settingsErrorWords(t: Translate, error: Pick<AppError, 'code' | 'message'>): string {
  const key = Object.hasOwn(KEYS, error.code) ? KEYS[error.code] : undefined;
  if (!key) return error.message;
  const value = /"(.*?)"/.exec(error.message)?.[1] ?? '';
  return t(key, { value, defaultValue: error.message });
}
