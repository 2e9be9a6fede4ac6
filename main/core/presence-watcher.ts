/**
 * Contacts' status (RFC 3856) for one account: a `presence` subscription of
 * main's user agent per watched address, on every connection.
 *
 * @remarks
 * As busy lamps and voicemail: each subscription starts after a random
 * delay within `spreadMs` on a new connection (no storm after a server
 * restart); a server that does not offer presence (489, 404, …) is asked
 * once per connection and the address says "not available from this
 * server"; other failures retry after `retryMs`, doubling to
 * {@link MAX_RETRY_MS}, and the address says `unknown` meanwhile instead of
 * showing an old status as current. A malformed PIDF is ignored with a log
 * line and the status it would have replaced stays.
 */
import { UserAgent } from 'sip.js';
import type { ContactPresenceState } from '../../app/presence';
import { parsePidf, PIDF_CONTENT_TYPE, PRESENCE_EVENT } from '../../app/sip/pidf';
import { EventSubscription } from './event-subscription';
import type { Logger } from './logger';

export interface PresenceWatcherOptions {
  readonly expiresSec: number;
  readonly spreadMs: number;
  readonly retryMs: number;
}

export const PRESENCE_WATCH_DEFAULTS: PresenceWatcherOptions = { expiresSec: 600, spreadMs: 5_000, retryMs: 60_000 };
const MAX_RETRY_MS = 30 * 60_000;
/** The most addresses one account watches (each is a subscription the server keeps). */
export const MAX_WATCHED_ADDRESSES = 200;

interface Watched {
  state: ContactPresenceState;
  subscription?: EventSubscription;
  timer?: NodeJS.Timeout;
  retryMs: number;
}

export class PresenceWatcher {
  private readonly watched = new Map<string, Watched>();
  private userAgent: UserAgent | undefined;

  constructor(
    private readonly accountId: string,
    private readonly options: PresenceWatcherOptions,
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {}

  /** The state of each watched address (SIP URI). */
  states(): ReadonlyMap<string, ContactPresenceState> {
    return new Map([...this.watched].map(([target, entry]) => [target, entry.state]));
  }

  /** Watches exactly `targets` (SIP URIs; beyond {@link MAX_WATCHED_ADDRESSES} are left out). */
  follow(targets: readonly string[]): void {
    const wanted = new Set(targets.slice(0, MAX_WATCHED_ADDRESSES));
    let isChanged = false;
    for (const [target, entry] of this.watched) {
      if (wanted.has(target)) continue;
      this.drop(entry);
      this.watched.delete(target);
      isChanged = true;
    }
    for (const target of wanted) {
      if (this.watched.has(target)) continue;
      const entry: Watched = { state: 'unknown', retryMs: this.options.retryMs };
      this.watched.set(target, entry);
      if (this.userAgent) this.later(target, entry, Math.random() * this.options.spreadMs);
      isChanged = true;
    }
    if (isChanged) this.onChange();
  }

  onConnectionStarted(userAgent: UserAgent): void {
    this.userAgent = userAgent;
    for (const [target, entry] of this.watched) {
      this.drop(entry);
      entry.retryMs = this.options.retryMs;
      this.later(target, entry, Math.random() * this.options.spreadMs);
    }
  }

  onConnectionLost(): void {
    this.userAgent = undefined;
    for (const entry of this.watched.values()) {
      this.drop(entry);
      this.set(entry, 'unknown');
    }
  }

  stop(): void {
    for (const entry of this.watched.values()) this.drop(entry);
    this.userAgent = undefined;
  }

  private subscribe(target: string, entry: Watched): void {
    const userAgent = this.userAgent;
    const uri = UserAgent.makeURI(target);
    if (!userAgent || !uri) return;
    const subscription = new EventSubscription(
      userAgent,
      { event: PRESENCE_EVENT, accept: PIDF_CONTENT_TYPE, target: uri, expiresSec: this.options.expiresSec },
      {
        onActive: () => (entry.retryMs = this.options.retryMs),
        onNotify: (body) => {
          // A notifier with nothing published for the address sends no body: no client of theirs is there.
          const read = body.trim() === '' ? 'offline' : parsePidf(body);
          if (!read) return this.log.warn(`account ${this.accountId}: ignored a malformed PIDF for ${target} (${body.length} characters)`);
          this.set(entry, read);
        },
        onEnded: (end) => {
          if (entry.subscription !== subscription) return;
          entry.subscription = undefined;
          if (end.kind === 'not-offered') {
            this.log.info(`account ${this.accountId}: the server offers no presence of ${target} (${end.statusCode}); not asking again on this connection`);
            this.set(entry, 'not-offered');
            return;
          }
          this.set(entry, 'unknown');
          this.later(target, entry, entry.retryMs);
          entry.retryMs = Math.min(entry.retryMs * 2, MAX_RETRY_MS);
        },
      },
    );
    entry.subscription = subscription;
    try {
      subscription.start();
    } catch (error) {
      this.log.warn(`account ${this.accountId}: presence SUBSCRIBE for ${target} not sent: ${String(error)}`);
      entry.subscription = undefined;
    }
  }

  private later(target: string, entry: Watched, delayMs: number): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.subscribe(target, entry);
    }, delayMs);
    entry.timer.unref?.();
  }

  private drop(entry: Watched): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const subscription = entry.subscription;
    entry.subscription = undefined;
    subscription?.stop();
  }

  private set(entry: Watched, state: ContactPresenceState): void {
    if (entry.state === state) return;
    entry.state = state;
    this.onChange();
  }
}
