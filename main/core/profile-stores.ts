/**
 * The data files of the profile folder, opened once at start, each behind its
 * store. A file that cannot be used never stops the start: what could be read
 * is used, nothing is overwritten, and the user is told (see data-file.ts).
 */
import { ACCOUNTS_DOCUMENT, AccountStore } from './account-store';
import { CallHistoryStore, HISTORY_DOCUMENT } from './call-history-store';
import { ChatStore, MESSAGES_DOCUMENT } from './chat-store';
import { CONTACTS_DOCUMENT, ContactStore } from './contact-store';
import type { CredentialVault } from './credential-vault';
import { openDataFile, type DataFile, type DataFileFactory, type DataFileProblem, type DocumentShape } from './data-file';
import type { Logger } from './logger';
import type { NoticeBoard } from './notice-board';
import { REACHABILITY_DOCUMENT, ReachabilityLog } from './reachability-log';
import { SETTINGS_DOCUMENT, SettingsStore } from './settings-store';

export interface ProfileStores {
  readonly accounts: AccountStore;
  readonly settings: SettingsStore;
  readonly reachability: ReachabilityLog;
  readonly history: CallHistoryStore;
  readonly contacts: ContactStore;
  readonly messages: ChatStore;
}

export function openProfileStores(
  dataFiles: DataFileFactory,
  vault: CredentialVault,
  notices: NoticeBoard,
  log: Logger,
  now?: () => number,
): ProfileStores {
  const openOrNotify = (name: string, shape: DocumentShape): DataFile => {
    const path = dataFiles.pathOf(name);
    const tell = (problem: DataFileProblem) => {
      if (problem.kind === 'kept-aside') {
        log.warn(`${name} file could not be used; kept as ${problem.backupPath}`);
        notices.raise(`${name}-file-unreadable`, `The ${name} file could not be read. It was kept as ${problem.backupPath} and a new one was started.`, {
          backup: problem.backupPath,
        });
      } else {
        log.warn(`${name} file ${path} cannot be read or written (${problem.reason}); changes to it stay in memory`);
        notices.raise(`${name}-file-unsaved`, `The ${name} file ${path} cannot be read or written (${problem.reason}). It was left as it is; changes are not saved.`, {
          path,
          reason: problem.reason,
        });
      }
    };
    const opened = openDataFile(dataFiles, name, shape, { now: now?.(), onLaterProblem: tell });
    if (opened.problem) tell(opened.problem);
    return opened.file;
  };
  return {
    accounts: new AccountStore(openOrNotify('accounts', ACCOUNTS_DOCUMENT)),
    settings: new SettingsStore(openOrNotify('settings', SETTINGS_DOCUMENT), vault, log),
    reachability: new ReachabilityLog(openOrNotify('reachability', REACHABILITY_DOCUMENT), now),
    history: new CallHistoryStore(openOrNotify('history', HISTORY_DOCUMENT)),
    contacts: new ContactStore(openOrNotify('contacts', CONTACTS_DOCUMENT)),
    messages: new ChatStore(openOrNotify('messages', MESSAGES_DOCUMENT)),
  };
}
