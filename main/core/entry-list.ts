/**
 * An array of records under one key of a data file (accounts, contacts, call
 * history). Entries the schema does not recognise (hand-edited, or from a
 * newer version) are skipped when reading and, by the stores that keep them,
 * written back untouched rather than dropped.
 */
import type { z } from 'zod';
import type { DataFile } from './data-file';

export class EntryList<T> {
  constructor(
    private readonly file: DataFile,
    private readonly key: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  /** Every entry as stored, recognised or not. */
  raw(): unknown[] {
    const value = this.file.get(this.key);
    return Array.isArray(value) ? value : [];
  }

  /** The entries the schema recognises. */
  list(): T[] {
    return this.raw().flatMap((entry) => {
      const parsed = this.schema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  }

  write(entries: readonly unknown[]): void {
    this.file.set(this.key, entries);
  }

  /** Removes the entry with this id, recognised or not; false when there was none. */
  remove(id: string): boolean {
    const entries = this.raw();
    const kept = entries.filter((entry) => !isEntryWithId(entry, id));
    if (kept.length === entries.length) return false;
    this.write(kept);
    return true;
  }
}

export function isEntryWithId(entry: unknown, id: string): entry is Record<string, unknown> {
  return typeof entry === 'object' && entry !== null && (entry as { id?: unknown }).id === id;
}
