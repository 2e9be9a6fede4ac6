/** Call history on disk: the newest entries, and when the user last looked at missed calls. */
import { z } from 'zod';
import { CallRecordSchema, isMissed, type CallRecord } from '../../app/call-history';
import type { DataFile } from './data-file';

const MAX_RECORDS = 500;

export class CallHistoryStore {
  constructor(private readonly file: DataFile) {}

  list(): CallRecord[] {
    const parsed = z.array(z.unknown()).safeParse(this.file.get('calls') ?? []);
    if (!parsed.success) return [];
    return parsed.data.flatMap((entry) => {
      const record = CallRecordSchema.safeParse(entry);
      return record.success ? [record.data] : [];
    });
  }

  add(record: CallRecord): void {
    const records = this.list().filter((existing) => existing.id !== record.id);
    records.push(record);
    this.file.set('calls', records.slice(-MAX_RECORDS));
  }

  /** Missed calls since the user last opened the history. */
  unseenMissedCount(): number {
    const seenUntil = Number(this.file.get('missedSeenUntil') ?? 0);
    return this.list().filter((record) => isMissed(record) && record.endedAt > seenUntil).length;
  }

  markMissedSeen(now = Date.now()): void {
    this.file.set('missedSeenUntil', now);
  }
}
