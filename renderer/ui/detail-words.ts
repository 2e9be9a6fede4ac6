/**
 * Main describes why an account is unreachable (and why a period of missed
 * calls began) in English, from the sentences in app/server-details.ts; each
 * has words in every language here under `detail.<its name>`. Anything else
 * is shown as main wrote it.
 */
import { SERVER_DETAIL_PATTERNS, SERVER_DETAILS } from '../../app/server-details';
import type { TranslationKey, Translate } from '../i18n/i18n';

type DetailName = keyof typeof SERVER_DETAILS | keyof typeof SERVER_DETAIL_PATTERNS;

/** A compile error when a detail has no translation key. */
const keyOf = (name: DetailName): TranslationKey => `detail.${name}`;

const EXACT_DETAILS: ReadonlyMap<string, TranslationKey> = new Map(
  Object.entries(SERVER_DETAILS).map(([name, text]) => [text, keyOf(name as DetailName)]),
);

export function serverDetailWords(t: Translate, detail: string): string {
  const key = EXACT_DETAILS.get(detail);
  if (key) return t(key, { defaultValue: detail });
  for (const [name, { read }] of Object.entries(SERVER_DETAIL_PATTERNS)) {
    const value = read.exec(detail)?.[1];
    if (value !== undefined) return t(keyOf(name as DetailName), { value, defaultValue: detail });
  }
  return detail;
}
