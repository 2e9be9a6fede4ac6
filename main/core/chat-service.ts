/**
 * Chat for every account: main sends and receives the messages (one
 * {@link ChatCourier} per account on main's own user agent), keeps the
 * history ({@link ChatStore}), says who is typing, and tells the user of a
 * message that arrives while the window is closed.
 *
 * @remarks
 * Do not disturb silences the notification; the message is stored and
 * answered 200 all the same (it is never dropped). The renderer only shows
 * what main keeps: it learns of changes through the snapshot's
 * `chat.revision` and fetches the conversation it shows.
 */
import { randomUUID } from 'node:crypto';
import { MAX_CHAT_BODY_BYTES, utf8Length, type ChatConversation, type ChatMessage, type ChatSummary } from '../../app/chat';
import { fail, ok, type Result } from '../../app/result';
import { parseDialTarget } from '../../app/sip-address';
import { buildIsComposing, IS_COMPOSING_CONTENT_TYPE } from '../../app/sip/is-composing';
import type { AccountAgent } from './account-agent';
import type { AccountStore } from './account-store';
import { ChatCourier, type SendOutcome } from './chat-courier';
import { IncomingComposing, OutgoingComposing } from './chat-composing';
import type { ChatStore } from './chat-store';
import type { Logger } from './logger';

/** The desktop notification of a message that arrived while the window was closed. */
export interface MessageNotice {
  /** Who wrote (`user@domain`). */
  readonly sender: string;
  /** The account it arrived on (its name or address). */
  readonly account: string;
  readonly text: string;
}

/** The port the shell implements (Electron's Notification; the browser host's observable list); `open` shows the window. */
export type ShowMessageNotice = (notice: MessageNotice, open: () => void) => void;

export interface ChatServiceOptions {
  readonly store: ChatStore;
  readonly accounts: AccountStore;
  readonly log: Logger;
  readonly publish: () => void;
  /** Whether a window is open to show the message (otherwise the user is notified). */
  readonly isWindowOpen: () => boolean;
  readonly isDoNotDisturb: () => boolean;
  readonly showNotice?: ShowMessageNotice;
  readonly requestWindow: () => void;
  readonly now?: () => number;
}

/** Refusals of an isComposing indication that mean "I do not take these", not "not now". */
const INDICATIONS_UNSUPPORTED = new Set([400, 405, 415, 488, 501, 606]);
const NOTICE_TEXT_CHARS = 200;
/**
 * A message whose Date is older than this on arrival was held somewhere
 * (stored while we were offline, or forwarded late by the server): it keeps
 * its Date. A younger one is shown at its arrival, so a sender's clock a
 * little off never reorders a live conversation.
 */
const DELAYED_DELIVERY_MS = 60_000;

export class ChatService {
  private readonly couriers = new Map<string, ChatCourier>();
  private readonly incomingComposing: IncomingComposing;
  private readonly outgoingComposing: OutgoingComposing;
  private revision = 0;

  constructor(private readonly options: ChatServiceOptions) {
    const now = options.now ?? Date.now;
    this.incomingComposing = new IncomingComposing(() => this.changed(), now);
    this.outgoingComposing = new OutgoingComposing((accountId, peer, state) => this.sendIndication(accountId, peer, state), now);
  }

  /** A new agent of `accountId` runs: chat goes over main's user agent on each of its connections. */
  adopt(accountId: string, agent: AccountAgent): void {
    const courier = new ChatCourier(
      accountId,
      () => agent.isConnected,
      {
        onText: (peer, body, sentAt) => this.receive(accountId, peer, body, sentAt),
        onComposing: (peer, indication) => this.incomingComposing.indicate(accountId, peer, indication),
      },
      this.options.log,
    );
    this.couriers.set(accountId, courier);
    agent.onConnectionStarted(({ userAgent }) => {
      if (this.couriers.get(accountId) === courier) courier.attach(userAgent);
    });
  }

  get summary(): ChatSummary {
    return { revision: this.revision, unread: this.options.store.unreadCount(), composing: this.incomingComposing.list() };
  }

  conversations(): Result<ChatConversation[]> {
    return ok(this.options.store.conversations());
  }

  conversation(accountId: string, peer: string): Result<ChatMessage[]> {
    return ok(this.options.store.conversation(accountId, peer));
  }

  /** Stores the message as `sending` and sends it; its outcome arrives as a change (`chat.revision`). */
  send(accountId: string, to: string, text: string): Result<{ id: string; peer: string }> {
    const account = this.options.accounts.get(accountId);
    if (!account) return fail('account-not-found', 'This account no longer exists.');
    const size = utf8Length(text);
    if (size > MAX_CHAT_BODY_BYTES) return fail('chat-too-long', `The message is ${size} bytes; at most ${MAX_CHAT_BODY_BYTES} can be sent.`, { size, limit: MAX_CHAT_BODY_BYTES });
    if (text.trim() === '') return fail('chat-empty', 'Type a message to send.');
    const target = parseDialTarget(to, account.address);
    if (!target.ok) return target;
    const peer = target.value;
    const message: ChatMessage = { id: randomUUID(), accountId, peer, direction: 'outgoing', body: text, at: this.now(), state: 'sending' };
    if (!this.options.store.add(message)) return fail('chat-not-stored', 'The message could not be kept in the history.');
    this.outgoingComposing.sent(accountId, peer);
    this.changed();
    const courier = this.couriers.get(accountId);
    const outcome: Promise<SendOutcome> = courier ? courier.send(peer, text) : Promise.resolve({ state: 'failed', failure: { code: 'message-not-connected' } });
    void outcome.then((settled) => {
      if (settled.state === 'failed') {
        this.options.log.info(`account ${accountId}: message to ${peer} failed (${settled.failure.code} ${settled.failure.statusCode ?? ''})`);
        this.options.store.settle(message.id, 'failed', settled.failure);
      } else this.options.store.settle(message.id, settled.state);
      this.changed();
    });
    return ok({ id: message.id, peer });
  }

  markRead(accountId: string, peer: string): Result<null> {
    this.options.store.markRead(accountId, peer, this.now());
    this.changed();
    return ok(null);
  }

  /** The user typed to `to` (a peer, or what they typed as one): the peer hears of it when due. */
  typing(accountId: string, to: string): Result<null> {
    const account = this.options.accounts.get(accountId);
    const target = account ? parseDialTarget(to, account.address) : undefined;
    if (target?.ok) this.outgoingComposing.typing(accountId, target.value);
    return ok(null);
  }

  /** The account's agent stopped (disabled, edited, removed): its courier goes with it. */
  forget(accountId: string): void {
    this.couriers.delete(accountId);
  }

  stop(): void {
    this.incomingComposing.stop();
    this.outgoingComposing.stop();
    this.couriers.clear();
  }

  private receive(accountId: string, peer: string, body: string, sentAt: number | undefined): void {
    const arrivedAt = this.now();
    const isDelayed = sentAt !== undefined && sentAt < arrivedAt - DELAYED_DELIVERY_MS;
    const message: ChatMessage = {
      id: randomUUID(),
      accountId,
      peer,
      direction: 'incoming',
      body,
      at: isDelayed ? sentAt : arrivedAt,
      ...(isDelayed ? { arrivedAt } : {}),
      state: 'received',
    };
    if (!this.options.store.add(message)) {
      this.options.log.warn(`account ${accountId}: a message from ${peer} could not be kept`);
      return;
    }
    this.incomingComposing.clear(accountId, peer, false);
    this.changed();
    if (this.options.isWindowOpen() || this.options.isDoNotDisturb()) return;
    const account = this.options.accounts.get(accountId);
    this.options.showNotice?.(
      {
        sender: peer.replace(/^sips?:/, ''),
        account: account ? account.displayName || account.address.toString() : '',
        text: body.length > NOTICE_TEXT_CHARS ? `${body.slice(0, NOTICE_TEXT_CHARS - 1)}…` : body,
      },
      () => this.options.requestWindow(),
    );
  }

  private async sendIndication(accountId: string, peer: string, state: 'active' | 'idle'): Promise<'taken' | 'refused' | 'failed'> {
    const courier = this.couriers.get(accountId);
    if (!courier) return 'failed';
    const outcome = await courier.send(peer, buildIsComposing(state), IS_COMPOSING_CONTENT_TYPE);
    if (outcome.state !== 'failed') return 'taken';
    return outcome.failure.statusCode !== undefined && INDICATIONS_UNSUPPORTED.has(outcome.failure.statusCode) ? 'refused' : 'failed';
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private changed(): void {
    this.revision += 1;
    this.options.publish();
  }
}
