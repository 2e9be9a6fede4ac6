/** Contacts' labels and import issues in the user's language. */
import { isStandardLabel, type ContactImportIssue } from '../../app/contact';
import type { TranslationKey, Translate } from '../i18n/i18n';
import { errorWords, hasErrorWords } from './error-words';

/** `mobile` → "Mobile" / "手机"; the user's own labels as they typed them. */
export function numberLabelWords(t: Translate, label: string): string {
  return isStandardLabel(label) ? t(`contacts.labels.${label}`) : label;
}

const ISSUE_KEYS: Readonly<Record<string, TranslationKey>> = {
  'card-unreadable': 'contacts.issues.cardUnreadable',
  'card-not-closed': 'contacts.issues.cardNotClosed',
  'end-without-begin': 'contacts.issues.endWithoutBegin',
  'outside-card': 'contacts.issues.outsideCard',
  'not-a-property': 'contacts.issues.notAProperty',
  'empty-file': 'contacts.issues.emptyFile',
  'no-number-column': 'contacts.issues.noNumberColumn',
  'csv-syntax': 'contacts.issues.csvSyntax',
  'field-count': 'contacts.issues.fieldCount',
};

/** One line an import skipped, in words: "Line 4: …". */
export function importIssueWords(t: Translate, issue: ContactImportIssue): string {
  const key = Object.hasOwn(ISSUE_KEYS, issue.code) ? ISSUE_KEYS[issue.code] : undefined;
  let detail: string;
  if (key) detail = t(key, { value: issue.value ?? '', expected: issue.expected ?? 0, defaultValue: issue.message });
  else if (hasErrorWords(issue.code)) {
    const words = errorWords(t, { code: issue.code, message: issue.message });
    detail = issue.name ? t('contacts.issues.invalidContact', { name: issue.name, reason: words }) : words;
  } else detail = issue.message;
  return t('contacts.importIssue', { line: issue.line, message: detail });
}
