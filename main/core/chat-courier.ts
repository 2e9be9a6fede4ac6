/**
 * Sends and receives an account's chat messages (SIP MESSAGE, RFC 3428) with
 * main's own user agent of the account, so chat works with the window
 * closed.
 *
 * @remarks
 * Attached anew on every connection (the account's "connection started"
 * hook hands over the new user agent). What arrives is checked before it is
 * taken: a body over MAX_CHAT_BODY_BYTES gets 413, a content type other than
 * text/plain or an RFC 3994 isComposing document gets 415 with an Accept
 * header; a malformed isComposing document is answered 200 (the peer did
 * nothing wrong at the SIP level) and ignored with a log line. A sender
 * over its rate ({@link SenderRateLimit}) gets 486 (503 when the flood
 * comes from everywhere) with Retry-After before anything else is looked at.
 */
import { Messager, UserAgent, type Message } from 'sip.js';
import { MAX_CHAT_BODY_BYTES, utf8Length, type ChatFailure } from '../../app/chat';
import { IS_COMPOSING_CONTENT_TYPE, parseIsComposing, type ComposingIndication } from '../../app/sip/is-composing';
import { describeError } from '../../app/result';
import type { Logger } from './logger';
import { SenderRateLimit } from './sender-rate-limit';

/** Refusals of a flood are logged at most this often (the log must not become the flood). */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

/** How long an outgoing MESSAGE may wait for its final answer (64·T1, as sip.js's own timeout). */
export const MESSAGE_ANSWER_TIMEOUT_MS = 32_000;

const TEXT_CONTENT_TYPE = 'text/plain';
const ACCEPTED_CONTENT_TYPES = `${TEXT_CONTENT_TYPE}, ${IS_COMPOSING_CONTENT_TYPE}`;

/** How an outgoing MESSAGE ended. */
export type SendOutcome = { readonly state: 'sent' | 'delivered' } | { readonly state: 'failed'; readonly failure: ChatFailure };

export interface ChatCourierDelegate {
  /** A text message arrived from `peer` (its address of record); `sentAt` from its Date header, when it has a valid one. */
  onText(peer: string, body: string, sentAt: number | undefined): void;
  /** `peer` says its user is typing, or stopped. */
  onComposing(peer: string, indication: ComposingIndication): void;
}

export class ChatCourier {
  private userAgent: UserAgent | undefined;
  private lastRefusalLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly accountId: string,
    private readonly isConnected: () => boolean,
    private readonly delegate: ChatCourierDelegate,
    private readonly log: Logger,
    private readonly answerTimeoutMs = MESSAGE_ANSWER_TIMEOUT_MS,
    private readonly rateLimit = new SenderRateLimit(),
  ) {}

  /** Takes over incoming MESSAGEs of main's user agent on a new connection, and sends with it from now on. */
  attach(userAgent: UserAgent): void {
    this.userAgent = userAgent;
    userAgent.delegate = { ...userAgent.delegate, onMessage: (message) => this.receive(message) };
  }

  /** Sends `body` of `contentType` to `peer` (a SIP URI) and resolves with its outcome; never rejects. */
  send(peer: string, body: string, contentType = TEXT_CONTENT_TYPE): Promise<SendOutcome> {
    const userAgent = this.userAgent;
    const target = UserAgent.makeURI(peer);
    if (!target) return Promise.resolve({ state: 'failed', failure: { code: 'message-refused', statusCode: 416, reasonPhrase: 'Unsupported URI Scheme' } });
    if (!userAgent || !this.isConnected()) return Promise.resolve({ state: 'failed', failure: { code: 'message-not-connected' } });
    return new Promise((resolve) => {
      let isSettled = false;
      const settle = (outcome: SendOutcome) => {
        if (isSettled) return;
        isSettled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => settle({ state: 'failed', failure: { code: 'message-unanswered' } }), this.answerTimeoutMs);
      const messager = new Messager(userAgent, target, body, contentType);
      messager
        .message({
          requestDelegate: {
            onAccept: (response) => settle({ state: response.message.statusCode === 202 ? 'sent' : 'delivered' }),
            onReject: (response) => settle(failedWith(response.message.statusCode ?? 500, response.message.reasonPhrase ?? '')),
          },
        })
        .catch((error: unknown) => {
          this.log.warn(`account ${this.accountId}: MESSAGE not sent: ${describeError(error)}`);
          settle({ state: 'failed', failure: { code: 'message-not-connected' } });
        });
    });
  }

  private receive(message: Message): void {
    const request = message.request;
    const peer = peerOf(request.from.uri);
    const admission = this.rateLimit.admit(peer);
    if (!admission.isAdmitted) {
      if (Date.now() - this.lastRefusalLoggedAt >= REFUSAL_LOG_INTERVAL_MS) {
        this.lastRefusalLoggedAt = Date.now();
        this.log.warn(`account ${this.accountId}: refusing MESSAGEs from ${peer} with ${admission.statusCode} (over the rate limit; again in ${admission.retryAfterSec} s)`);
      }
      const reasonPhrase = admission.statusCode === 486 ? 'Busy Here' : 'Service Unavailable';
      void message.reject({ statusCode: admission.statusCode, reasonPhrase, extraHeaders: [`Retry-After: ${admission.retryAfterSec}`] });
      return;
    }
    const contentType = (request.getHeader('Content-Type') ?? TEXT_CONTENT_TYPE).split(';')[0]!.trim().toLowerCase();
    const body = request.body ?? '';
    if (utf8Length(body) > MAX_CHAT_BODY_BYTES) {
      this.log.warn(`account ${this.accountId}: refused a MESSAGE of ${utf8Length(body)} bytes from ${peer} (over ${MAX_CHAT_BODY_BYTES})`);
      void message.reject({ statusCode: 413, reasonPhrase: 'Request Entity Too Large' });
      return;
    }
    if (contentType === IS_COMPOSING_CONTENT_TYPE) {
      void message.accept();
      const indication = parseIsComposing(body);
      if (indication) this.delegate.onComposing(peer, indication);
      else this.log.warn(`account ${this.accountId}: ignored a malformed isComposing document from ${peer}`);
      return;
    }
    if (contentType !== TEXT_CONTENT_TYPE) {
      this.log.info(`account ${this.accountId}: refused a MESSAGE of type ${contentType} from ${peer} with 415`);
      void message.reject({ statusCode: 415, reasonPhrase: 'Unsupported Media Type', extraHeaders: [`Accept: ${ACCEPTED_CONTENT_TYPES}`] });
      return;
    }
    void message.accept();
    if (body.trim() !== '') this.delegate.onText(peer, body, dateOf(request.getHeader('Date')));
  }
}

function failedWith(statusCode: number, reasonPhrase: string): SendOutcome {
  // sip.js makes up a 408 when its transaction times out and a 503 when the transport fails.
  return { state: 'failed', failure: { code: 'message-refused', statusCode, reasonPhrase: reasonPhrase.slice(0, 128) } };
}

/** A Date header (RFC 1123, as RFC 3261 §20.17 has it) as epoch milliseconds; undefined when absent or not a date. */
function dateOf(header: string | undefined): number | undefined {
  if (!header || header.length > 64) return undefined;
  const at = Date.parse(header);
  return Number.isFinite(at) ? at : undefined;
}

/** The sender's address of record: `sip:user@host[:port]`, host in lower case, without parameters. */
export function peerOf(uri: { user?: string; host: string; port?: number; scheme?: string }): string {
  const host = `${uri.host.toLowerCase()}${uri.port ? `:${uri.port}` : ''}`;
  return `${uri.scheme === 'sips' ? 'sips' : 'sip'}:${uri.user ? `${uri.user}@` : ''}${host}`;
}
