/**
 * Presence of every running account: the user's own status published on
 * each ({@link PresencePublisher}), and the status of the contacts that have
 * an address on the account, subscribed on each ({@link PresenceWatcher}),
 * both re-established on every connection through the account's
 * "connection started" hook.
 *
 * @remarks
 * Main owns both, so they hold with the window closed. The own status
 * follows the snapshot main publishes anyway (settings and calls), and the
 * watched addresses follow the contacts: {@link AccountPresence.follow} is
 * called with each snapshot and does nothing when neither changed.
 */
import { parseDialTarget } from '../../app/sip-address';
import { suggestedNumberLabel, type Contact } from '../../app/contact';
import type { ContactPresenceSnapshot, PresenceSnapshot, PresenceStatus } from '../../app/presence';
import type { AccountAgent } from './account-agent';
import type { AccountStore, StoredAccount } from './account-store';
import type { Logger } from './logger';
import { PRESENCE_PUBLISH_DEFAULTS, PresencePublisher, type PresencePublisherOptions } from './presence-publisher';
import { PRESENCE_WATCH_DEFAULTS, PresenceWatcher, type PresenceWatcherOptions } from './presence-watcher';

export interface PresenceTuning {
  readonly publish?: Partial<PresencePublisherOptions>;
  readonly watch?: Partial<PresenceWatcherOptions>;
}

interface AccountWatchers {
  readonly publisher: PresencePublisher;
  readonly watcher: PresenceWatcher;
  /** Watched address → the contacts that have it. */
  contactsOf: Map<string, string[]>;
}

export class AccountPresence {
  private readonly accountsPresence = new Map<string, AccountWatchers>();
  private own: PresenceStatus = 'available';
  private contactsRevision: number | undefined;

  constructor(
    private readonly accounts: AccountStore,
    private readonly contacts: () => readonly Contact[],
    private readonly publish: () => void,
    private readonly log: Logger,
    private readonly tuning: PresenceTuning = {},
  ) {}

  /** A new agent of the account runs: its publication and subscriptions follow it on each of its connections. */
  adopt(accountId: string, agent: AccountAgent): void {
    const account = this.accounts.get(accountId);
    if (!account) return;
    this.stopAccount(this.accountsPresence.get(accountId));
    const entry: AccountWatchers = {
      publisher: new PresencePublisher(accountId, account.address.aor, { ...PRESENCE_PUBLISH_DEFAULTS, ...this.tuning.publish }, this.log),
      watcher: new PresenceWatcher(accountId, { ...PRESENCE_WATCH_DEFAULTS, ...this.tuning.watch }, this.publish, this.log),
      contactsOf: new Map(),
    };
    this.accountsPresence.set(accountId, entry);
    entry.publisher.set(this.own);
    this.watchContacts(account, entry);
    agent.onConnectionStarted(({ userAgent }) => {
      if (this.accountsPresence.get(accountId) !== entry) return;
      entry.publisher.onConnectionStarted(userAgent);
      entry.watcher.onConnectionStarted(userAgent);
    });
  }

  onConnectivity(accountId: string, isConnected: boolean): void {
    if (isConnected) return;
    const entry = this.accountsPresence.get(accountId);
    entry?.publisher.onConnectionLost();
    entry?.watcher.onConnectionLost();
  }

  /** Follows main's state: the status to publish, and the contacts (re-read when their revision moves). */
  follow(own: PresenceStatus, contactsRevision: number | undefined): void {
    if (own !== this.own) {
      this.own = own;
      for (const entry of this.accountsPresence.values()) entry.publisher.set(own);
      this.publish();
    }
    if (contactsRevision !== this.contactsRevision) {
      this.contactsRevision = contactsRevision;
      for (const [accountId, entry] of this.accountsPresence) {
        const account = this.accounts.get(accountId);
        if (account) this.watchContacts(account, entry);
      }
    }
  }

  get snapshot(): PresenceSnapshot {
    const contacts: ContactPresenceSnapshot[] = [];
    for (const [accountId, entry] of this.accountsPresence) {
      for (const [target, state] of entry.watcher.states()) {
        for (const contactId of entry.contactsOf.get(target) ?? []) contacts.push({ contactId, accountId, target, state });
      }
    }
    return { own: this.own, contacts };
  }

  /** The account's agent stopped (disabled, edited, removed): its publication is withdrawn while the connection is still there. */
  forget(accountId: string): void {
    const entry = this.accountsPresence.get(accountId);
    if (!entry) return;
    this.accountsPresence.delete(accountId);
    void entry.publisher.remove();
    entry.watcher.stop();
    this.publish();
  }

  /** Quitting: every publication is withdrawn (each waits a bounded time for its answer). */
  async stop(): Promise<void> {
    const entries = [...this.accountsPresence.values()];
    this.accountsPresence.clear();
    for (const entry of entries) entry.watcher.stop();
    await Promise.all(entries.map((entry) => entry.publisher.remove()));
  }

  private watchContacts(account: StoredAccount, entry: AccountWatchers): void {
    entry.contactsOf = watchedAddresses(account, this.contacts());
    entry.watcher.follow([...entry.contactsOf.keys()]);
  }

  private stopAccount(entry: AccountWatchers | undefined): void {
    entry?.publisher.stop();
    entry?.watcher.stop();
  }
}

/**
 * The addresses of `contacts` that have presence on `account`: extensions
 * and SIP addresses in the account's domain (a phone number or an address
 * elsewhere has no presence on this server), never the account itself.
 */
export function watchedAddresses(account: Pick<StoredAccount, 'address'>, contacts: readonly Contact[]): Map<string, string[]> {
  const addresses = new Map<string, string[]>();
  for (const contact of contacts) {
    for (const number of contact.numbers) {
      if (number.label !== 'extension' && suggestedNumberLabel(number.value) !== 'extension') continue;
      const target = parseDialTarget(number.value, account.address);
      if (!target.ok) continue;
      const aor = target.value.split(';')[0]!;
      if (!aor.endsWith(`@${account.address.domain}`) || aor === account.address.aor) continue;
      const ids = addresses.get(aor) ?? [];
      if (!ids.includes(contact.id)) ids.push(contact.id);
      addresses.set(aor, ids);
    }
  }
  return addresses;
}
