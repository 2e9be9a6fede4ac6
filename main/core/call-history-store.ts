/** Call history on disk: the newest entries, and when the user last looked at missed calls. */
import { CallRecordSchema, fitCallRecord, isMissed, MAX_HISTORY_RECORDS, type CallRecord, type ReportedCallRecord } from '../../app/call-history';
import type { CallRecording } from '../../app/recording';
import { z } from 'zod';
import type { DataFile } from './data-file';
import { EntryList } from './entry-list';

/** history.json: anything else in it is moved aside rather than overwritten (see data-file.ts). */
export const HISTORY_DOCUMENT = z.object({ calls: z.array(z.unknown()).optional(), missedSeenUntil: z.number().optional() }).passthrough();

export class CallHistoryStore {
  private readonly calls: EntryList<CallRecord>;

  constructor(private readonly file: DataFile) {
    this.calls = new EntryList(file, 'calls', CallRecordSchema);
  }

  list(): CallRecord[] {
    return this.calls.list();
  }

  /**
   * Adds (or replaces, by id) a finished call, trimmed to what history keeps,
   * so what is written is always read back; false when it could not be made
   * to fit and nothing was written.
   */
  add(reported: ReportedCallRecord, recording?: CallRecording): boolean {
    const fitted = fitCallRecord(reported);
    if (!fitted) return false;
    const earlier = this.list().find((existing) => existing.id === fitted.id)?.recording;
    const linked = recording ?? earlier;
    const record = linked ? { ...fitted, recording: linked } : fitted;
    const records = this.list().filter((existing) => existing.id !== record.id);
    records.push(record);
    this.calls.write(records.slice(-MAX_HISTORY_RECORDS));
    return true;
  }

  /** Links a recording to the call with this (history) id; false when history has no such call yet. */
  linkRecording(id: string, recording: CallRecording): boolean {
    const records = this.list();
    const index = records.findIndex((record) => record.id === id);
    if (index < 0) return false;
    records[index] = { ...records[index]!, recording };
    this.calls.write(records);
    return true;
  }

  /** Deletes the calls with these ids; true when any was there. */
  remove(ids: readonly string[]): boolean {
    const doomed = new Set(ids);
    const records = this.list();
    const kept = records.filter((record) => !doomed.has(record.id));
    if (kept.length === records.length) return false;
    this.calls.write(kept);
    return true;
  }

  clear(): void {
    this.calls.write([]);
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
