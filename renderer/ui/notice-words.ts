/** main's notices in the UI's language: by code, with main's parameters; main's English for codes we have no words for. */
import type { Notice } from '../../app/ipc-contract';
import type { Translate, TranslationKey } from '../i18n/i18n';
import { errorWords } from './error-words';

const NOTICE_KEYS: Readonly<Record<string, TranslationKey>> = {
  'settings-file-unreadable': 'notices.settingsFileUnreadable',
  'accounts-file-unreadable': 'notices.accountsFileUnreadable',
  'history-file-unreadable': 'notices.historyFileUnreadable',
  'reachability-file-unreadable': 'notices.reachabilityFileUnreadable',
  'contacts-file-unreadable': 'notices.contactsFileUnreadable',
  'shortcut-unavailable': 'notices.shortcutUnavailable',
};

export function noticeWords(t: Translate, notice: Notice): string {
  // A link that holds nothing callable: the notice is the link's error (app/dial-link.ts).
  if (notice.code === 'dial-link-invalid' && notice.params?.reason) return errorWords(t, { code: notice.params.reason, message: notice.message });
  const key = Object.hasOwn(NOTICE_KEYS, notice.code) ? NOTICE_KEYS[notice.code] : undefined;
  return key ? t(key, { ...notice.params, defaultValue: notice.message }) : notice.message;
}
