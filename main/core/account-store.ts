/**
 * The saved accounts. Entries that do not match the schema (a hand-edited or
 * future-version file, or an address that does not parse) are kept untouched
 * in the file and skipped, never dropped.
 *
 * @remarks
 * On disk an account keeps its `user` and `domain` as two strings; they are
 * parsed into one {@link SipAddress} when read, with the checks of the
 * account form, and the rest of the core only sees that.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DtmfMethodSchema, type ValidAccountInput } from '../../app/account';
import { CodecSettingsSchema, MediaEncryptionSchema } from '../../app/codec-preferences';
import { SipTransportChoiceSchema } from '../../app/sip-target';
import { RecordIdSchema } from '../../app/record-id';
import { sipAddressOf, type SipAddress } from '../../app/sip-address';
import type { DataFile } from './data-file';
import { EntryList, isEntryWithId } from './entry-list';

const AccountRecordSchema = z.object({
  id: RecordIdSchema,
  displayName: z.string(),
  user: z.string().min(1),
  domain: z.string().min(1),
  authUser: z.string().min(1),
  /** WebSocket: its URL; other transports: the proxy's `host[:port]`, empty for the SIP domain. */
  serverUrl: z.string(),
  /** Absent in accounts saved before other transports existed: they all used WebSocket. */
  transport: SipTransportChoiceSchema.default('websocket'),
  enabled: z.boolean(),
  /** RFC 5626 `+sip.instance`: generated once, kept for the life of the account. */
  instanceId: z.string().uuid(),
  sealedPassword: z.string(),
  keepAliveIntervalSec: z.number().int().optional(),
  autoAnswerDelaySec: z.number().int().optional(),
  /** Absent in accounts saved before it existed: the default method. */
  dtmfMethod: DtmfMethodSchema.optional(),
  registerExpirySec: z.number().int().optional(),
  codecs: CodecSettingsSchema.optional(),
  mediaEncryption: MediaEncryptionSchema.optional(),
  trustedCertificateSha256: z.string().optional(),
  voicemailNumber: z.string().max(128).optional(),
  /** Dialled before a line's number to pick up its ringing call (`*8` when absent). */
  pickupPrefix: z.string().max(32).optional(),
  /** The lines whose busy lamps the account watches (SIP URIs), kept across restarts; not part of the account form. */
  watchedLines: z.array(z.string().max(512)).max(100).optional(),
});
type AccountRecord = z.infer<typeof AccountRecordSchema>;

/** A saved account as the core uses it: its address parsed once, when read. */
export type StoredAccount = Omit<AccountRecord, 'user' | 'domain'> & { readonly address: SipAddress };

const StoredAccountSchema = AccountRecordSchema.transform(({ user, domain, ...rest }, context): StoredAccount => {
  const address = sipAddressOf(user, domain);
  if (address.ok) return { ...rest, address: address.value };
  context.addIssue(address.error.message);
  return z.NEVER;
});

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
    const record: AccountRecord = {
      id: randomUUID(),
      ...fieldsOf(input),
      instanceId: randomUUID(),
      sealedPassword,
    };
    this.entries.write([...this.entries.raw(), record]);
    return StoredAccountSchema.parse(record);
  }

  /** Replaces the editable fields; `sealedPassword` undefined keeps the saved one. */
  update(id: string, input: ValidAccountInput, sealedPassword: string | undefined): StoredAccount | undefined {
    let isUpdated = false;
    const entries = this.entries.raw().map((entry) => {
      const record = AccountRecordSchema.safeParse(entry);
      if (!record.success || record.data.id !== id) return entry;
      isUpdated = true;
      return { ...record.data, ...fieldsOf(input), sealedPassword: sealedPassword ?? record.data.sealedPassword };
    });
    if (!isUpdated) return undefined;
    this.entries.write(entries);
    return this.get(id);
  }

  setEnabled(id: string, enabled: boolean): StoredAccount | undefined {
    this.entries.write(this.entries.raw().map((entry) => (isEntryWithId(entry, id) ? { ...entry, enabled } : entry)));
    return this.get(id);
  }

  /** Saves the lines the account watches (the lamps come back after a restart). */
  setWatchedLines(id: string, lines: readonly string[]): void {
    this.entries.write(this.entries.raw().map((entry) => (isEntryWithId(entry, id) ? { ...entry, watchedLines: [...lines] } : entry)));
  }

  remove(id: string): boolean {
    return this.entries.remove(id);
  }
}

function fieldsOf(input: ValidAccountInput): Omit<AccountRecord, 'id' | 'instanceId' | 'sealedPassword' | 'watchedLines'> {
  return {
    displayName: input.displayName,
    user: input.address.user,
    domain: input.address.domain,
    authUser: input.authUser,
    serverUrl: input.serverUrl,
    transport: input.transport,
    enabled: input.enabled,
    keepAliveIntervalSec: input.keepAliveIntervalSec,
    registerExpirySec: input.registerExpirySec,
    autoAnswerDelaySec: input.autoAnswerDelaySec,
    dtmfMethod: input.dtmfMethod,
    codecs: input.codecs ? [...input.codecs] : undefined,
    mediaEncryption: input.mediaEncryption,
    trustedCertificateSha256: input.trustedCertificateSha256,
    voicemailNumber: input.voicemailNumber,
    pickupPrefix: input.pickupPrefix,
  };
}
