/**
 * The user's own status for one account, published with PUBLISH (RFC 3903)
 * as a PIDF document (RFC 3863) by main's user agent, so it holds with the
 * window closed.
 *
 * @remarks
 * One publication per account: the first PUBLISH carries the document and
 * the server answers with an entity tag (SIP-ETag); a change is sent with
 * `SIP-If-Match` and the new document, and before the publication expires it
 * is refreshed with `SIP-If-Match` and no body. A 412 (the server forgot the
 * tag, e.g. after a restart) publishes afresh; a 423 takes the server's
 * Min-Expires. A server that does not offer presence (404, 405, 489, 501,
 * 403; 482 when it loops the PUBLISH back) is asked once per connection.
 * Other failures retry after `retryMs`, doubling to {@link MAX_RETRY_MS}:
 * the one retry loop of the publication.
 * Requests go one at a time, so every request carries the newest tag.
 * {@link PresencePublisher.remove} withdraws it (Expires: 0) on quit and
 * when the account goes.
 */
import { randomUUID } from 'node:crypto';
import { UserAgent, type Core } from 'sip.js';
import type { PresenceStatus } from '../../app/presence';
import { buildPidf, PIDF_CONTENT_TYPE, PRESENCE_EVENT } from '../../app/sip/pidf';
import type { Logger } from './logger';

export interface PresencePublisherOptions {
  readonly expiresSec: number;
  readonly retryMs: number;
  /** How long {@link PresencePublisher.remove} waits for the server's answer. */
  readonly removeTimeoutMs: number;
}

export const PRESENCE_PUBLISH_DEFAULTS: PresencePublisherOptions = { expiresSec: 3_600, retryMs: 60_000, removeTimeoutMs: 2_000 };
const MAX_RETRY_MS = 30 * 60_000;
/** Answers that mean the server takes no presence publications from us. */
const NOT_OFFERED = new Set([403, 404, 405, 482, 489, 501]);
/** A refresh goes out this long before the publication would lapse (or at 80 % of a short one). */
const REFRESH_MARGIN_SEC = 30;

type Request = 'initial' | 'modify' | 'refresh' | 'remove';

export class PresencePublisher {
  private userAgent: UserAgent | undefined;
  private status: PresenceStatus | undefined;
  private entityTag: string | undefined;
  private expiresSec: number;
  private inFlight: Request | undefined;
  /** A change (or a removal) to send once the request in flight is answered. */
  private isChangePending = false;
  private isNotOffered = false;
  private timer: NodeJS.Timeout | undefined;
  private nextRetryMs: number;
  private readonly tupleId = `t${randomUUID().slice(0, 8)}`;
  private removed: (() => void) | undefined;

  constructor(
    private readonly accountId: string,
    private readonly aor: string,
    private readonly options: PresencePublisherOptions,
    private readonly log: Logger,
  ) {
    this.expiresSec = options.expiresSec;
    this.nextRetryMs = options.retryMs;
  }

  /** A new connection is up with main's user agent on it: the status goes out on it (the old tag is tried first). */
  onConnectionStarted(userAgent: UserAgent): void {
    this.clearTimer();
    this.userAgent = userAgent;
    this.inFlight = undefined;
    this.isNotOffered = false;
    this.nextRetryMs = this.options.retryMs;
    if (this.status) this.send(this.entityTag ? 'modify' : 'initial');
  }

  onConnectionLost(): void {
    this.clearTimer();
    this.userAgent = undefined;
    this.inFlight = undefined;
  }

  /** Publishes `status` (at once when connected, else on the next connection). */
  set(status: PresenceStatus): void {
    if (status === this.status) return;
    this.status = status;
    if (!this.userAgent || this.isNotOffered) return;
    if (this.inFlight) this.isChangePending = true;
    else this.send(this.entityTag ? 'modify' : 'initial');
  }

  /** Withdraws the publication (Expires: 0) and waits at most `removeTimeoutMs` for the answer; nothing is sent afterwards. */
  remove(): Promise<void> {
    this.clearTimer();
    this.status = undefined;
    const userAgent = this.userAgent;
    if (!userAgent || !this.entityTag) {
      this.userAgent = undefined;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.removeTimeoutMs);
      timer.unref?.();
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.removed = undefined;
        self.userAgent = undefined;
        resolve();
      }
      this.removed = done;
      if (this.inFlight) this.isChangePending = true;
      else this.send('remove');
    });
  }

  /** Stops every timer without telling the server (the connection is going anyway). */
  stop(): void {
    this.clearTimer();
    this.userAgent = undefined;
  }

  private send(kind: Request): void {
    const userAgent = this.userAgent;
    const target = UserAgent.makeURI(this.aor);
    if (!userAgent || !target) return;
    const status = this.status;
    const headers = [`Event: ${PRESENCE_EVENT}`, `Expires: ${kind === 'remove' ? 0 : this.expiresSec}`];
    if (kind !== 'initial' && this.entityTag) headers.push(`SIP-If-Match: ${this.entityTag}`);
    const body: Core.Body | undefined =
      (kind === 'initial' || kind === 'modify') && status
        ? { contentDisposition: 'render', contentType: PIDF_CONTENT_TYPE, content: buildPidf(this.aor, status, this.tupleId) }
        : undefined;
    const core = userAgent.userAgentCore;
    const request = core.makeOutgoingRequestMessage('PUBLISH', target, target, target, {}, headers, body);
    this.inFlight = kind;
    const answered = (response: Core.IncomingResponseMessage) => {
      if (this.userAgent !== userAgent || this.inFlight !== kind) return;
      this.inFlight = undefined;
      this.onAnswer(kind, response);
    };
    try {
      core.publish(request, { onAccept: (r) => answered(r.message), onReject: (r) => answered(r.message), onRedirect: (r) => answered(r.message) });
    } catch (error) {
      this.inFlight = undefined;
      this.log.warn(`account ${this.accountId}: presence PUBLISH not sent: ${String(error)}`);
      this.retryLater();
    }
  }

  private onAnswer(kind: Request, response: Core.IncomingResponseMessage): void {
    const code = response.statusCode ?? 0;
    if (kind === 'remove') {
      this.entityTag = undefined;
      this.removed?.();
      return;
    }
    if (code >= 200 && code < 300) {
      this.entityTag = response.getHeader('SIP-ETag') ?? this.entityTag;
      const granted = Number(response.getHeader('Expires'));
      const lifetimeSec = Number.isFinite(granted) && granted > 0 ? Math.min(granted, this.expiresSec) : this.expiresSec;
      this.nextRetryMs = this.options.retryMs;
      if (this.flushPending()) return;
      this.later(() => this.send('refresh'), refreshDelayMs(lifetimeSec));
      return;
    }
    if (code === 412) {
      // The server no longer knows the tag: publish the document afresh.
      this.entityTag = undefined;
      if (this.status) this.send('initial');
      return;
    }
    const minExpires = Number(response.getHeader('Min-Expires'));
    if (code === 423 && Number.isFinite(minExpires) && minExpires > this.expiresSec) {
      this.expiresSec = minExpires;
      if (this.status) this.send(this.entityTag ? 'modify' : 'initial');
      return;
    }
    if (NOT_OFFERED.has(code)) {
      this.isNotOffered = true;
      this.log.info(`account ${this.accountId}: the server takes no presence publication (${code}); not asking again on this connection`);
      return;
    }
    this.log.info(`account ${this.accountId}: presence PUBLISH refused (${code}); again in ${Math.round(this.nextRetryMs / 1000)} s`);
    this.retryLater();
  }

  /** Sends what changed while a request was in flight; true when something went. */
  private flushPending(): boolean {
    if (!this.isChangePending) return false;
    this.isChangePending = false;
    if (this.removed) this.send('remove');
    else if (this.status) this.send(this.entityTag ? 'modify' : 'initial');
    else return false;
    return true;
  }

  private retryLater(): void {
    if (this.removed) return this.removed();
    this.later(() => {
      if (this.status) this.send(this.entityTag ? 'modify' : 'initial');
    }, this.nextRetryMs);
    this.nextRetryMs = Math.min(this.nextRetryMs * 2, MAX_RETRY_MS);
  }

  private later(action: () => void, delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      action();
    }, delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** When to refresh a publication granted for `lifetimeSec`. */
export function refreshDelayMs(lifetimeSec: number): number {
  return Math.max(1, lifetimeSec > REFRESH_MARGIN_SEC * 2 ? lifetimeSec - REFRESH_MARGIN_SEC : lifetimeSec * 0.8) * 1000;
}
