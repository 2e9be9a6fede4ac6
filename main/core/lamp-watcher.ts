/**
 * Busy lamps (RFC 4235) of one account: a `dialog` subscription of main's
 * user agent per watched line, on every connection.
 *
 * @remarks
 * As voicemail: each lamp subscribes again after a random delay within
 * `spreadMs` on a new connection (fifty lamps coming back after a server
 * restart are spread out, not a storm); a server that does not offer the
 * event is asked once per connection and the lamp says so; other failures
 * retry after `retryMs`, doubling to {@link MAX_RETRY_MS}, and the lamp
 * says `unknown` meanwhile instead of showing an old state as current. A
 * notifier that ends an established subscription with `deactivated` or
 * `timeout` is asked again at once (RFC 6665 §4.2.2), but not twice within
 * {@link IMMEDIATE_RESUBSCRIBE_GAP_MS}: a notifier that keeps doing so waits
 * out the retry delay like any other failure.
 */
import { UserAgent } from 'sip.js';
import { DIALOG_EVENT, DIALOG_INFO_CONTENT_TYPE, parseDialogInfo, type DialogInfo } from '../../app/sip/dialog-info';
import { EventSubscription } from './event-subscription';
import type { Logger } from './logger';

/** What a lamp shows. */
export type LampState = 'idle' | 'ringing' | 'busy' | 'unknown' | 'not-offered';

export interface Lamp {
  readonly target: string;
  readonly state: LampState;
  /** The ringing call, when the server shows it (for a pickup with Replaces). */
  readonly ringing?: DialogInfo['ringing'];
}

export interface LampWatcherOptions {
  readonly expiresSec: number;
  readonly spreadMs: number;
  readonly retryMs: number;
}

export const LAMP_DEFAULTS: LampWatcherOptions = { expiresSec: 600, spreadMs: 5_000, retryMs: 60_000 };
const MAX_RETRY_MS = 30 * 60_000;
const IMMEDIATE_RESUBSCRIBE_GAP_MS = 5_000;
/** Terminating reasons after which the subscriber should subscribe again at once. */
const RESUBSCRIBE_AT_ONCE = new Set(['deactivated', 'timeout']);
/** The most lines one account watches (each is a subscription the server keeps). */
export const MAX_LAMPS = 100;

interface Watched {
  lamp: Lamp;
  subscription?: EventSubscription;
  timer?: NodeJS.Timeout;
  retryMs: number;
  /** When the last immediate resubscription was sent (ms since the epoch). */
  resubscribedAtOnceAt?: number;
}

export class LampWatcher {
  private readonly watched = new Map<string, Watched>();
  private userAgent: UserAgent | undefined;

  constructor(
    private readonly accountId: string,
    private readonly options: LampWatcherOptions,
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {}

  lamps(): Lamp[] {
    return [...this.watched.values()].map((entry) => entry.lamp);
  }

  /** Watches `target` (a SIP URI); false when the account already watches the most it may. */
  watch(target: string): boolean {
    if (this.watched.has(target)) return true;
    if (this.watched.size >= MAX_LAMPS) return false;
    const entry: Watched = { lamp: { target, state: 'unknown' }, retryMs: this.options.retryMs };
    this.watched.set(target, entry);
    if (this.userAgent) this.later(entry, Math.random() * this.options.spreadMs);
    this.onChange();
    return true;
  }

  unwatch(target: string): void {
    const entry = this.watched.get(target);
    if (!entry) return;
    this.drop(entry);
    this.watched.delete(target);
    this.onChange();
  }

  onConnectionStarted(userAgent: UserAgent): void {
    this.userAgent = userAgent;
    for (const entry of this.watched.values()) {
      this.drop(entry);
      entry.retryMs = this.options.retryMs;
      this.later(entry, Math.random() * this.options.spreadMs);
    }
  }

  onConnectionLost(): void {
    this.userAgent = undefined;
    for (const entry of this.watched.values()) {
      this.drop(entry);
      this.set(entry, { target: entry.lamp.target, state: 'unknown' });
    }
  }

  stop(): void {
    for (const entry of this.watched.values()) this.drop(entry);
    this.userAgent = undefined;
  }

  private subscribe(entry: Watched): void {
    const userAgent = this.userAgent;
    const target = UserAgent.makeURI(entry.lamp.target);
    if (!userAgent || !target) return;
    let hasNotified = false;
    const subscription = new EventSubscription(
      userAgent,
      { event: DIALOG_EVENT, accept: DIALOG_INFO_CONTENT_TYPE, target, expiresSec: this.options.expiresSec },
      {
        onActive: () => (entry.retryMs = this.options.retryMs),
        onNotify: (body) => {
          hasNotified = true;
          // A notifier with no published state for the line (Kamailio's presence_dialoginfo) sends no body: no calls known.
          const info = body.trim() === '' ? { activity: 'idle' as const } : parseDialogInfo(body);
          if (!info) return this.log.warn(`account ${this.accountId}: ignored a malformed dialog-info for ${entry.lamp.target} (${body.length} characters)`);
          this.set(entry, { target: entry.lamp.target, state: info.activity, ...(info.ringing ? { ringing: info.ringing } : {}) });
        },
        onEnded: (end) => {
          if (entry.subscription !== subscription) return;
          entry.subscription = undefined;
          if (end.kind === 'not-offered') {
            this.log.info(`account ${this.accountId}: the server offers no busy lamp for ${entry.lamp.target} (${end.statusCode ?? end.reason}); not asking again on this connection`);
            this.set(entry, { target: entry.lamp.target, state: 'not-offered' });
            return;
          }
          this.set(entry, { target: entry.lamp.target, state: 'unknown' });
          const now = Date.now();
          const isGapOver = now - (entry.resubscribedAtOnceAt ?? 0) >= IMMEDIATE_RESUBSCRIBE_GAP_MS;
          if (hasNotified && end.reason !== undefined && RESUBSCRIBE_AT_ONCE.has(end.reason) && isGapOver) {
            entry.resubscribedAtOnceAt = now;
            return this.later(entry, 0);
          }
          this.later(entry, entry.retryMs);
          entry.retryMs = Math.min(entry.retryMs * 2, MAX_RETRY_MS);
        },
      },
    );
    entry.subscription = subscription;
    try {
      subscription.start();
    } catch (error) {
      this.log.warn(`account ${this.accountId}: lamp SUBSCRIBE for ${entry.lamp.target} not sent: ${String(error)}`);
      entry.subscription = undefined;
    }
  }

  private later(entry: Watched, delayMs: number): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.subscribe(entry);
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

  private set(entry: Watched, lamp: Lamp): void {
    if (JSON.stringify(lamp) === JSON.stringify(entry.lamp)) return;
    entry.lamp = lamp;
    this.onChange();
  }
}
