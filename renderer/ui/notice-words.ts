/**
 * main's notices in the UI's language: by code, with main's parameters. A
 * notice that passes on an error (a link with nothing callable: `link-*`) is
 * worded like that error.
 */
import type { Notice } from '../../app/ipc-contract';
import type { Translate, TranslationKey } from '../i18n/i18n';
import { errorWords } from './error-words';

const NOTICE_KEYS: Readonly<Record<string, TranslationKey>> = {
  'settings-file-unreadable': 'notices.settingsFileUnreadable',
  'accounts-file-unreadable': 'notices.accountsFileUnreadable',
  'history-file-unreadable': 'notices.historyFileUnreadable',
  'reachability-file-unreadable': 'notices.reachabilityFileUnreadable',
  'contacts-file-unreadable': 'notices.contactsFileUnreadable',
  'messages-file-unreadable': 'notices.messagesFileUnreadable',
  'settings-file-unsaved': 'notices.settingsFileUnsaved',
  'accounts-file-unsaved': 'notices.accountsFileUnsaved',
  'history-file-unsaved': 'notices.historyFileUnsaved',
  'reachability-file-unsaved': 'notices.reachabilityFileUnsaved',
  'contacts-file-unsaved': 'notices.contactsFileUnsaved',
  'messages-file-unsaved': 'notices.messagesFileUnsaved',
  'shortcut-unavailable': 'notices.shortcutUnavailable',
};

export function noticeWords(t: Translate, notice: Notice): string {
  const key = Object.hasOwn(NOTICE_KEYS, notice.code) ? NOTICE_KEYS[notice.code] : undefined;
  return key ? t(key, { ...notice.params, defaultValue: notice.message }) : errorWords(t, notice);
}
