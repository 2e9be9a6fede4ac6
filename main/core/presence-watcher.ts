/**
 * Contacts' status (RFC 3856) for one account: a `presence` subscription of
 * main's user agent per watched address, on every connection
 * ({@link TargetSubscriptions}: spread out after a reconnect, "not
 * available from this server" once, `unknown` while it cannot be current).
 * A malformed PIDF is ignored with a log line and the status it would have
 * replaced stays.
 */
import type { ContactPresenceState } from '../../app/presence';
import { parsePidf, PIDF_CONTENT_TYPE, PRESENCE_EVENT } from '../../app/sip/pidf';
import type { Logger } from './logger';
import { TargetSubscriptions, type TargetEventPackage, type TargetSubscriptionsOptions } from './target-subscriptions';

export type PresenceWatcherOptions = TargetSubscriptionsOptions;

export const PRESENCE_WATCH_DEFAULTS: PresenceWatcherOptions = { expiresSec: 600, spreadMs: 5_000, retryMs: 60_000 };
/** The most addresses one account watches (each is a subscription the server keeps). */
export const MAX_WATCHED_ADDRESSES = 200;

const PRESENCE_PACKAGE: TargetEventPackage<ContactPresenceState> = {
  event: PRESENCE_EVENT,
  accept: PIDF_CONTENT_TYPE,
  noun: 'presence of',
  // A notifier with nothing published for the address sends no body: no client of theirs is there.
  read: (body) => (body.trim() === '' ? 'offline' : parsePidf(body)),
  unknown: () => 'unknown',
  notOffered: () => 'not-offered',
};

export class PresenceWatcher extends TargetSubscriptions<ContactPresenceState> {
  constructor(accountId: string, options: PresenceWatcherOptions, onChange: () => void, log: Logger) {
    super(accountId, PRESENCE_PACKAGE, options, onChange, log);
  }

  /** Watches exactly `targets` (SIP URIs; beyond {@link MAX_WATCHED_ADDRESSES} are left out). */
  override follow(targets: readonly string[]): void {
    super.follow(targets.slice(0, MAX_WATCHED_ADDRESSES));
  }
}
