/**
 * One SIP event subscription (RFC 6665) of main's user agent: SUBSCRIBE,
 * the NOTIFYs on its dialog, refreshes before it expires, and how it ended.
 *
 * @remarks
 * Built on sip.js's core rather than its `Subscriber`, which hides the
 * status code of a refusal: here a server that does not offer the event
 * (404, 405, 489, 403, 501; 482 when it loops the SUBSCRIBE back) is told apart from one that could not answer
 * now (408, 480, 503, no NOTIFY in time), so the owner shows "not
 * available from this server" once instead of retrying in a loop. It never
 * retries by itself: its owner decides.
 */
import { Core, type URI, type UserAgent } from 'sip.js';

/** Answers that mean the server does not offer this event package for this target. */
const NOT_OFFERED = new Set([403, 404, 405, 482, 489, 501]);
/** `Subscription-State: terminated` reasons after which RFC 6665 §4.2.2 says not to subscribe again. */
const FINAL_REASONS = new Set(['rejected', 'noresource', 'invariant']);

export type SubscriptionEnd =
  /** The server does not offer the event (`statusCode`, or a NOTIFY's terminating `reason`): do not ask again on this connection. */
  | { readonly kind: 'not-offered'; readonly statusCode?: number; readonly reason?: string }
  /**
   * Refused for now, unanswered, or terminated by the notifier: may be tried
   * again later. `reason` is the terminating NOTIFY's (`deactivated` and
   * `timeout` invite a new SUBSCRIBE at once, RFC 6665 §4.2.2).
   */
  | { readonly kind: 'failed'; readonly statusCode?: number; readonly reason?: string };

export interface EventSubscriptionOptions {
  readonly event: string;
  /** The body types we take (the Accept header). */
  readonly accept: string;
  readonly target: URI;
  readonly expiresSec: number;
}

export interface EventSubscriptionDelegate {
  /** The notifier accepted: NOTIFYs follow. */
  onActive(): void;
  /** A NOTIFY's body (already answered 200). */
  onNotify(body: string, contentType: string | undefined): void;
  /** It is over; nothing more is delivered. */
  onEnded(end: SubscriptionEnd): void;
}

export class EventSubscription {
  private subscription: Core.Subscription | undefined;
  private hasEnded = false;
  /** Call-ID of the SUBSCRIBE (the dialog's), so the owner can route and release it. */
  readonly callId: string;
  private readonly request: Core.OutgoingRequestMessage;

  constructor(
    private readonly userAgent: UserAgent,
    options: EventSubscriptionOptions,
    private readonly delegate: EventSubscriptionDelegate,
  ) {
    const core = userAgent.userAgentCore;
    this.request = core.makeOutgoingRequestMessage('SUBSCRIBE', options.target, userAgent.configuration.uri, options.target, {}, [
      `Event: ${options.event}`,
      `Accept: ${options.accept}`,
      `Expires: ${options.expiresSec}`,
      `Contact: ${userAgent.contact.toString()}`,
    ]);
    this.callId = this.request.callId;
  }

  start(): void {
    this.userAgent.userAgentCore.subscribe(this.request, {
      onAccept: () => this.delegate.onActive(),
      onReject: (response) => this.end(failureOf(response.message.statusCode)),
      onNotify: ({ request, subscription }) => {
        this.deliver(request);
        if (this.hasEnded) return;
        if (!subscription) return this.end({ kind: 'failed' });
        this.subscription = subscription;
        subscription.delegate = {
          onNotify: (notify) => this.deliver(notify),
          onRefresh: (refresh) => {
            refresh.delegate = { onReject: (response) => this.end(failureOf(response.message.statusCode)) };
          },
          onTerminated: () => this.end({ kind: 'failed' }),
        };
        subscription.autoRefresh = true;
      },
      onNotifyTimeout: () => this.end({ kind: 'failed', statusCode: 408 }),
    });
  }

  /** Ends it: an un-SUBSCRIBE when it is established (best effort), then nothing more is delivered. */
  stop(): void {
    if (this.hasEnded) return;
    this.hasEnded = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    if (!subscription) return;
    subscription.delegate = undefined;
    try {
      if (subscription.subscriptionState !== Core.SubscriptionState.Terminated) subscription.unsubscribe();
    } catch {
      // The connection is gone: the server lets it expire.
    }
    subscription.dispose();
  }

  private deliver(request: Core.IncomingNotifyRequest): void {
    request.accept();
    if (this.hasEnded) return;
    const message = request.message;
    this.delegate.onNotify(message.body ?? '', message.getHeader('Content-Type'));
    // sip.js disposes the dialog on a terminating NOTIFY without telling its delegate.
    const state = message.parseHeader('Subscription-State') as { state?: string; reason?: string } | undefined;
    if (state?.state === 'terminated') this.end(endOfTerminated(state.reason));
  }

  private end(end: SubscriptionEnd): void {
    if (this.hasEnded) return;
    this.hasEnded = true;
    this.subscription?.dispose();
    this.subscription = undefined;
    this.delegate.onEnded(end);
  }
}

function endOfTerminated(reason: string | undefined): SubscriptionEnd {
  return reason !== undefined && FINAL_REASONS.has(reason) ? { kind: 'not-offered', reason } : { kind: 'failed', ...(reason ? { reason } : {}) };
}

function failureOf(statusCode: number | undefined): SubscriptionEnd {
  return statusCode !== undefined && NOT_OFFERED.has(statusCode) ? { kind: 'not-offered', statusCode } : { kind: 'failed', statusCode };
}
