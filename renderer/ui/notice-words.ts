/** main's notices in the UI's language: by code, with main's parameters; main's English for codes we have no words for. */
import type { Notice } from '../../app/ipc-contract';
import type { Translate, TranslationKey } from '../i18n/i18n';

const KEYS: Readonly<Record<string, TranslationKey>> = {
  'settings-file-unreadable': 'notices.settingsFileUnreadable',
  'accounts-file-unreadable': 'notices.accountsFileUnreadable',
  'history-file-unreadable': 'notices.historyFileUnreadable',
  'reachability-file-unreadable': 'notices.reachabilityFileUnreadable',
  'shortcut-unavailable': 'notices.shortcutUnavailable',
};

export function noticeWords(t: Translate, notice: Notice): string {
  const key = Object.hasOwn(KEYS, notice.code) ? KEYS[notice.code] : undefined;
  return key ? t(key, { ...notice.params, defaultValue: notice.message }) : notice.message;
}
