/**
 * The saved accounts. Entries that do not match the schema (a hand-edited or
 * future-version file) are kept untouched in the file and skipped, never
 * dropped.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ValidAccountInput } from '../../app/account';
import type { DataFile } from './data-file';

const StoredAccountSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  displayName: z.string(),
  user: z.string().min(1),
  domain: z.string().min(1),
  authUser: z.string().min(1),
  serverUrl: z.string().min(1),
  enabled: z.boolean(),
  /** RFC 5626 `+sip.instance`: generated once, kept for the life of the account. */
  instanceId: z.string().uuid(),
  sealedPassword: z.string(),
  keepAliveIntervalSec: z.number().int().optional(),
  autoAnswerDelaySec: z.number().int().optional(),
  /** Absent in accounts saved before it existed: the default method. */
  dtmfMethod: z.enum(['rfc4733', 'info']).optional(),
});
export type StoredAccount = z.infer<typeof StoredAccountSchema>;

const ACCOUNTS_KEY = 'accounts';

export class AccountStore {
  constructor(private readonly file: DataFile) {}

  list(): StoredAccount[] {
    return this.rawEntries().flatMap((entry) => {
      const parsed = StoredAccountSchema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  }

  get(id: string): StoredAccount | undefined {
    return this.list().find((account) => account.id === id);
  }

  add(input: ValidAccountInput, sealedPassword: string): StoredAccount {
    const account: StoredAccount = {
      id: randomUUID(),
      ...fieldsOf(input),
      instanceId: randomUUID(),
      sealedPassword,
    };
    this.file.set(ACCOUNTS_KEY, [...this.rawEntries(), account]);
    return account;
  }

  /** Replaces the editable fields; `sealedPassword` undefined keeps the saved one. */
  update(id: string, input: ValidAccountInput, sealedPassword: string | undefined): StoredAccount | undefined {
    let updated: StoredAccount | undefined;
    const entries = this.rawEntries().map((entry) => {
      const parsed = StoredAccountSchema.safeParse(entry);
      if (!parsed.success || parsed.data.id !== id) return entry;
      updated = { ...parsed.data, ...fieldsOf(input), sealedPassword: sealedPassword ?? parsed.data.sealedPassword };
      return updated;
    });
    if (updated) this.file.set(ACCOUNTS_KEY, entries);
    return updated;
  }

  setEnabled(id: string, enabled: boolean): StoredAccount | undefined {
    const entries = this.rawEntries().map((entry) => (isEntryWithId(entry, id) ? { ...entry, enabled } : entry));
    this.file.set(ACCOUNTS_KEY, entries);
    return this.get(id);
  }

  remove(id: string): boolean {
    const entries = this.rawEntries();
    const remaining = entries.filter((entry) => !isEntryWithId(entry, id));
    if (remaining.length === entries.length) return false;
    this.file.set(ACCOUNTS_KEY, remaining);
    return true;
  }

  private rawEntries(): unknown[] {
    const value = this.file.get(ACCOUNTS_KEY);
    return Array.isArray(value) ? value : [];
  }
}

function fieldsOf(input: ValidAccountInput) {
  return {
    displayName: input.displayName,
    user: input.user,
    domain: input.domain,
    authUser: input.authUser,
    serverUrl: input.serverUrl,
    enabled: input.enabled,
    keepAliveIntervalSec: input.keepAliveIntervalSec,
    autoAnswerDelaySec: input.autoAnswerDelaySec,
    dtmfMethod: input.dtmfMethod,
  };
}

function isEntryWithId(entry: unknown, id: string): entry is Record<string, unknown> {
  return typeof entry === 'object' && entry !== null && (entry as { id?: unknown }).id === id;
}
