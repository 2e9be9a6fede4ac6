/** The data files of the profile folder, opened once at start, each behind its store. */
import { AccountStore } from './account-store';
import { CallHistoryStore } from './call-history-store';
import { ContactStore } from './contact-store';
import type { CredentialVault } from './credential-vault';
import { openDataFile, type DataFile, type DataFileFactory } from './data-file';
import type { Logger } from './logger';
import type { NoticeBoard } from './notice-board';
import { ReachabilityLog } from './reachability-log';
import { SettingsStore } from './settings-store';

export interface ProfileStores {
  readonly accounts: AccountStore;
  readonly settings: SettingsStore;
  readonly reachability: ReachabilityLog;
  readonly history: CallHistoryStore;
  readonly contacts: ContactStore;
}

/** Opens every store; a file that could not be read is kept aside and the user is told. */
export function openProfileStores(dataFiles: DataFileFactory, vault: CredentialVault, notices: NoticeBoard, log: Logger, now?: () => number): ProfileStores {
  const openOrNotify = (name: string): DataFile => {
    const opened = openDataFile(dataFiles, name);
    if (opened.backupPath) {
      log.warn(`${name} file was unreadable; kept as ${opened.backupPath}`);
      notices.raise(`${name}-file-unreadable`, `The ${name} file could not be read. It was kept as ${opened.backupPath} and a new one was started.`, {
        backup: opened.backupPath,
      });
    }
    return opened.file;
  };
  return {
    accounts: new AccountStore(openOrNotify('accounts')),
    settings: new SettingsStore(openOrNotify('settings'), vault, log),
    reachability: new ReachabilityLog(openOrNotify('reachability'), now),
    history: new CallHistoryStore(openOrNotify('history')),
    contacts: new ContactStore(openOrNotify('contacts')),
  };
}
