/**
 * Voicemail waiting (MWI, RFC 3842) of one account: a `message-summary`
 * subscription of main's user agent on every connection, and the
 * unsolicited NOTIFYs some servers send without one.
 *
 * @remarks
 * Each new connection subscribes again after a random delay within
 * `spreadMs`, so many accounts (and their lamps) coming back after a server
 * restart do not arrive as one storm of SUBSCRIBEs. A server that does not
 * offer the event is asked once per connection. A subscription that fails
 * for now is tried again after `retryMs`, doubling to at most
 * {@link MAX_RETRY_MS}: the one retry loop of voicemail. While there is no
 * subscription the counts are shown as not current (`unknown`), never as
 * today's.
 */
import { UserAgent, type Notification } from 'sip.js';
import { MESSAGE_SUMMARY_CONTENT_TYPE, MESSAGE_SUMMARY_EVENT, parseMessageSummary } from '../../app/sip/message-summary';
import type { VoicemailStatus } from '../../app/voicemail';
import { EventSubscription } from './event-subscription';
import type { Logger } from './logger';

export interface VoicemailWatcherOptions {
  readonly expiresSec: number;
  readonly spreadMs: number;
  readonly retryMs: number;
}

export const VOICEMAIL_DEFAULTS: VoicemailWatcherOptions = { expiresSec: 3_600, spreadMs: 3_000, retryMs: 60_000 };
const MAX_RETRY_MS = 30 * 60_000;

export class VoicemailWatcher {
  private current: VoicemailStatus = { availability: 'unknown', isWaiting: false };
  private userAgent: UserAgent | undefined;
  private subscription: EventSubscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private nextRetryMs: number;
  /** An unsolicited NOTIFY came on this connection: the server tells without a subscription (Asterisk's unsolicited MWI). */
  private hasUnsolicited = false;

  constructor(
    private readonly accountId: string,
    private readonly aor: string,
    private readonly options: VoicemailWatcherOptions,
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {
    this.nextRetryMs = options.retryMs;
  }

  get status(): VoicemailStatus {
    return this.current;
  }

  /** A new connection is up with main's user agent on it. */
  onConnectionStarted(userAgent: UserAgent): void {
    this.drop();
    this.userAgent = userAgent;
    this.nextRetryMs = this.options.retryMs;
    this.hasUnsolicited = false;
    userAgent.delegate = { ...userAgent.delegate, onNotify: (notification) => this.onUnsolicited(notification) };
    this.later(Math.random() * this.options.spreadMs);
  }

  /** The connection is gone: the counts are no longer current. */
  onConnectionLost(): void {
    this.drop();
    this.update({ ...this.current, availability: 'unknown' });
  }

  stop(): void {
    this.drop();
  }

  private subscribe(): void {
    const userAgent = this.userAgent;
    const target = UserAgent.makeURI(this.aor);
    if (!userAgent || !target) return;
    const subscription = new EventSubscription(
      userAgent,
      { event: MESSAGE_SUMMARY_EVENT, accept: MESSAGE_SUMMARY_CONTENT_TYPE, target, expiresSec: this.options.expiresSec },
      {
        onActive: () => {
          this.nextRetryMs = this.options.retryMs;
          this.update({ ...this.current, availability: 'active' });
        },
        onNotify: (body) => this.apply(body, 'subscription'),
        onEnded: (end) => {
          if (this.subscription !== subscription) return;
          this.subscription = undefined;
          if (end.kind === 'not-offered') {
            this.log.info(`account ${this.accountId}: the server does not offer voicemail notifications (${end.statusCode ?? end.reason}); not asking again on this connection`);
            // Its unsolicited NOTIFYs (one may come before this refusal) stay what is known.
            if (!this.hasUnsolicited) this.update({ availability: 'not-offered', isWaiting: false });
            return;
          }
          this.log.info(`account ${this.accountId}: voicemail subscription ended (${end.statusCode ?? 'terminated'}); again in ${Math.round(this.nextRetryMs / 1000)} s`);
          this.update({ ...this.current, availability: 'unknown' });
          this.later(this.nextRetryMs);
          this.nextRetryMs = Math.min(this.nextRetryMs * 2, MAX_RETRY_MS);
        },
      },
    );
    this.subscription = subscription;
    try {
      subscription.start();
    } catch (error) {
      this.log.warn(`account ${this.accountId}: voicemail SUBSCRIBE not sent: ${String(error)}`);
      this.subscription = undefined;
    }
  }

  private onUnsolicited(notification: Notification): void {
    const event = notification.request.getHeader('Event')?.split(';')[0]?.trim().toLowerCase();
    if (event !== MESSAGE_SUMMARY_EVENT) {
      void notification.reject({ statusCode: 489, reasonPhrase: 'Bad Event' });
      return;
    }
    void notification.accept();
    this.hasUnsolicited = true;
    this.apply(notification.request.body ?? '', 'unsolicited');
  }

  private apply(body: string, source: 'subscription' | 'unsolicited'): void {
    if (body.trim() === '') {
      // No body (presence_mwi before anything was published): the server is
      // there, the box's state is not known yet, so what we knew stands.
      this.update({ ...this.current, availability: 'active' });
      return;
    }
    const summary = parseMessageSummary(body);
    if (!summary) {
      this.log.warn(`account ${this.accountId}: ignored a malformed message-summary (${source}, ${body.length} characters)`);
      return;
    }
    // An unsolicited summary is as current as a subscribed one (some servers only send those).
    this.update({
      availability: 'active',
      isWaiting: summary.isWaiting,
      ...(summary.newCount !== undefined ? { newCount: summary.newCount, oldCount: summary.oldCount } : {}),
      ...(summary.account ? { messageAccount: summary.account } : {}),
    });
  }

  private later(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.subscribe();
    }, delayMs);
    this.timer.unref?.();
  }

  private drop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    subscription?.stop();
  }

  private update(status: VoicemailStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.current)) return;
    this.current = status;
    this.onChange();
  }
}
