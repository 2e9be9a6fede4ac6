/** Contacts' labels and errors in the user's language. */
import { isStandardLabel } from '../../app/contact';
import type { AppError } from '../../app/result';
import type { TranslationKey, Translate } from '../i18n/i18n';

/** `mobile` → "Mobile" / "手机"; the user's own labels as they typed them. */
export function numberLabelWords(t: Translate, label: string): string {
  return isStandardLabel(label) ? t(`contacts.labels.${label}`) : label;
}

const ERROR_KEYS: Readonly<Record<string, TranslationKey>> = {
  'contact-name-empty': 'contacts.errors.nameEmpty',
  'contact-number-empty': 'contacts.errors.numberEmpty',
  'contact-number-format': 'contacts.errors.numberFormat',
  'contact-not-found': 'contacts.errors.notFound',
  'contacts-format': 'contacts.errors.format',
  'contacts-export-failed': 'contacts.errors.exportFailed',
};

/** Known codes in words; others show main's English message. */
export function contactErrorWords(t: Translate, error: AppError): string {
  const key = Object.hasOwn(ERROR_KEYS, error.code) ? ERROR_KEYS[error.code] : undefined;
  const quoted = /"([^"]*)"/.exec(error.message)?.[1] ?? '';
  return key ? t(key, { value: quoted, defaultValue: error.message }) : error.message;
}
