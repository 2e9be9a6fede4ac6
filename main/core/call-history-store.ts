/** Call history on disk: the newest entries, and when the user last looked at missed calls. */
import { CallRecordSchema, isMissed, type CallRecord } from '../../app/call-history';
import type { DataFile } from './data-file';
import { EntryList } from './entry-list';

const MAX_RECORDS = 500;

export class CallHistoryStore {
  private readonly calls: EntryList<CallRecord>;

  constructor(private readonly file: DataFile) {
    this.calls = new EntryList(file, 'calls', CallRecordSchema);
  }

  list(): CallRecord[] {
    return this.calls.list();
  }

  add(record: CallRecord): void {
    const records = this.list().filter((existing) => existing.id !== record.id);
    records.push(record);
    this.calls.write(records.slice(-MAX_RECORDS));
  }

  /** Missed calls since the user last opened the history. */
  unseenMissedCount(records: readonly CallRecord[] = this.list()): number {
    const seenUntil = Number(this.file.get('missedSeenUntil') ?? 0);
    return records.filter((record) => isMissed(record) && record.endedAt > seenUntil).length;
  }

  markMissedSeen(now = Date.now()): void {
    this.file.set('missedSeenUntil', now);
  }
}
