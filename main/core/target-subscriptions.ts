/**
 * One event subscription of main's user agent per watched target (a SIP
 * URI), on every connection, for an event package whose NOTIFY bodies say
 * something about the target (busy lamps, contacts' presence).
 *
 * @remarks
 * Each subscription starts after a random delay within `spreadMs` on a new
 * connection (many targets coming back after a server restart are spread
 * out, not a storm); a server that does not offer the event is asked once
 * per connection and the target's state says so; other failures retry
 * after `retryMs`, doubling to {@link MAX_RETRY_MS}, and the state is the
 * package's `unknown` meanwhile instead of an old one shown as current. A
 * body the package cannot read is ignored with a log line.
 */
import { UserAgent } from 'sip.js';
import { EventSubscription } from './event-subscription';
import type { Logger } from './logger';

export interface TargetSubscriptionsOptions {
  readonly expiresSec: number;
  readonly spreadMs: number;
  readonly retryMs: number;
}

/** What a kind of target subscription subscribes to and how it reads the answers. */
export interface TargetEventPackage<State> {
  readonly event: string;
  /** The body types taken (the Accept header). */
  readonly accept: string;
  /** What the words in log lines call one target ("presence of", "busy lamp for"). */
  readonly noun: string;
  /** The state a NOTIFY body gives the target; undefined when the body is malformed. */
  read(body: string, target: string): State | undefined;
  /** Not subscribed now: nothing current is known. */
  unknown(target: string): State;
  /** The server does not offer the event for the target. */
  notOffered(target: string): State;
}

const MAX_RETRY_MS = 30 * 60_000;

interface Watched<State> {
  state: State;
  subscription?: EventSubscription;
  timer?: NodeJS.Timeout;
  retryMs: number;
}

export class TargetSubscriptions<State> {
  private readonly watched = new Map<string, Watched<State>>();
  private userAgent: UserAgent | undefined;

  constructor(
    private readonly accountId: string,
    private readonly eventPackage: TargetEventPackage<State>,
    private readonly options: TargetSubscriptionsOptions,
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.watched.size;
  }

  /** The state of each watched target, in the order they were added. */
  states(): ReadonlyMap<string, State> {
    return new Map([...this.watched].map(([target, entry]) => [target, entry.state]));
  }

  /** Watches `target` (subscribing at once when connected); no change when it is watched already. */
  add(target: string): void {
    if (this.watched.has(target)) return;
    const entry: Watched<State> = { state: this.eventPackage.unknown(target), retryMs: this.options.retryMs };
    this.watched.set(target, entry);
    if (this.userAgent) this.later(target, entry, Math.random() * this.options.spreadMs);
    this.onChange();
  }

  remove(target: string): void {
    const entry = this.watched.get(target);
    if (!entry) return;
    this.drop(entry);
    this.watched.delete(target);
    this.onChange();
  }

  /** Watches exactly `targets`. */
  follow(targets: Iterable<string>): void {
    const wanted = new Set(targets);
    for (const target of [...this.watched.keys()]) if (!wanted.has(target)) this.remove(target);
    for (const target of wanted) this.add(target);
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
    for (const [target, entry] of this.watched) {
      this.drop(entry);
      this.set(entry, this.eventPackage.unknown(target));
    }
  }

  stop(): void {
    for (const entry of this.watched.values()) this.drop(entry);
    this.userAgent = undefined;
  }

  private subscribe(target: string, entry: Watched<State>): void {
    const userAgent = this.userAgent;
    const uri = UserAgent.makeURI(target);
    const { event, accept, noun } = this.eventPackage;
    if (!userAgent || !uri) return;
    const subscription = new EventSubscription(
      userAgent,
      { event, accept, target: uri, expiresSec: this.options.expiresSec },
      {
        onActive: () => (entry.retryMs = this.options.retryMs),
        onNotify: (body) => {
          const state = this.eventPackage.read(body, target);
          if (state === undefined) return this.log.warn(`account ${this.accountId}: ignored a malformed ${event} body for ${target} (${body.length} characters)`);
          this.set(entry, state);
        },
        onEnded: (end) => {
          if (entry.subscription !== subscription) return;
          entry.subscription = undefined;
          if (end.kind === 'not-offered') {
            this.log.info(`account ${this.accountId}: the server offers no ${noun} ${target} (${end.statusCode}); not asking again on this connection`);
            this.set(entry, this.eventPackage.notOffered(target));
            return;
          }
          this.set(entry, this.eventPackage.unknown(target));
          this.later(target, entry, entry.retryMs);
          entry.retryMs = Math.min(entry.retryMs * 2, MAX_RETRY_MS);
        },
      },
    );
    entry.subscription = subscription;
    try {
      subscription.start();
    } catch (error) {
      this.log.warn(`account ${this.accountId}: ${event} SUBSCRIBE for ${target} not sent: ${String(error)}`);
      entry.subscription = undefined;
    }
  }

  private later(target: string, entry: Watched<State>, delayMs: number): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.subscribe(target, entry);
    }, delayMs);
    entry.timer.unref?.();
  }

  private drop(entry: Watched<State>): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const subscription = entry.subscription;
    entry.subscription = undefined;
    subscription?.stop();
  }

  private set(entry: Watched<State>, state: State): void {
    if (JSON.stringify(state) === JSON.stringify(entry.state)) return;
    entry.state = state;
    this.onChange();
  }
}
