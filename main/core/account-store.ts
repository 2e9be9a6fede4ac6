/**
 * The saved accounts. Entries that do not match the schema (a hand-edited or
 * future-version file) are kept untouched in the file and skipped, never
 * dropped.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DtmfMethodSchema, type ValidAccountInput } from '../../app/account';
import { RecordIdSchema } from '../../app/record-id';
import type { DataFile } from './data-file';
import { EntryList, isEntryWithId } from './entry-list';

const StoredAccountSchema = z.object({
  id: RecordIdSchema,
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
  dtmfMethod: DtmfMethodSchema.optional(),
});
export type StoredAccount = z.infer<typeof StoredAccountSchema>;

/** accounts.json: anything else in it is moved aside rather than overwritten (see data-file.ts). */
export const ACCOUNTS_DOCUMENT = z.object({ accounts: z.array(z.unknown()).optional() }).passthrough();

export class AccountStore {
  private readonly entries: EntryList<StoredAccount>;

  constructor(file: DataFile) {
    this.entries = new EntryList(file, 'accounts', StoredAccountSchema);
  }

  list(): StoredAccount[] {
    return this.entries.list();
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
    this.entries.write([...this.entries.raw(), account]);
    return account;
  }

  /** Replaces the editable fields; `sealedPassword` undefined keeps the saved one. */
  update(id: string, input: ValidAccountInput, sealedPassword: string | undefined): StoredAccount | undefined {
    let updated: StoredAccount | undefined;
    const entries = this.entries.raw().map((entry) => {
      const parsed = StoredAccountSchema.safeParse(entry);
      if (!parsed.success || parsed.data.id !== id) return entry;
      updated = { ...parsed.data, ...fieldsOf(input), sealedPassword: sealedPassword ?? parsed.data.sealedPassword };
      return updated;
    });
    if (updated) this.entries.write(entries);
    return updated;
  }

  setEnabled(id: string, enabled: boolean): StoredAccount | undefined {
    this.entries.write(this.entries.raw().map((entry) => (isEntryWithId(entry, id) ? { ...entry, enabled } : entry)));
    return this.get(id);
  }

  remove(id: string): boolean {
    return this.entries.remove(id);
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
