/**
 * "Is typing" both ways (RFC 3994): which peers are typing to us now, and
 * when to tell a peer that our user is typing.
 *
 * @remarks
 * Incoming: an `active` indication lasts its refresh time (120 s without
 * one) or until the peer's message or `idle` arrives. Outgoing: the user's
 * first keystroke sends `active`, refreshed at most every
 * ACTIVE_REFRESH_SEC while typing goes on; {@link IDLE_AFTER_MS} without a
 * keystroke sends `idle`; sending the message needs no `idle` (its arrival
 * ends the peer's indication). A peer that refuses an indication (415, 501
 * …) does not support them: it gets no more for as long as the app runs.
 */
import { conversationKey, type ChatComposing } from '../../app/chat';
import { ACTIVE_REFRESH_SEC, DEFAULT_ACTIVE_TIMEOUT_SEC, type ComposingIndication } from '../../app/sip/is-composing';

/** Silence after the last keystroke before the peer is told the user stopped typing (RFC 3994's default idle timeout is 15 s). */
export const IDLE_AFTER_MS = 15_000;

/** The most peers whose typing is remembered at once (a flood of indications must not grow memory). */
const MAX_COMPOSING_PEERS = 200;

export class IncomingComposing {
  private readonly byKey = new Map<string, ChatComposing & { timer: NodeJS.Timeout }>();

  /** `onChange`: the set of typing peers changed (an indication, or one ran out). */
  constructor(
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  indicate(accountId: string, peer: string, indication: ComposingIndication): void {
    this.clear(accountId, peer, false);
    if (indication.state === 'active') {
      if (this.byKey.size >= MAX_COMPOSING_PEERS) return;
      const lastsMs = (indication.refreshSec ?? DEFAULT_ACTIVE_TIMEOUT_SEC) * 1000;
      const key = conversationKey(accountId, peer);
      const timer = setTimeout(() => this.clear(accountId, peer), Math.min(lastsMs, DEFAULT_ACTIVE_TIMEOUT_SEC * 1000));
      timer.unref?.();
      this.byKey.set(key, { accountId, peer, until: this.now() + lastsMs, timer });
    }
    this.onChange();
  }

  /** The peer's message arrived: it is not typing any more. */
  clear(accountId: string, peer: string, shouldNotify = true): void {
    const key = conversationKey(accountId, peer);
    const entry = this.byKey.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.byKey.delete(key);
    if (shouldNotify) this.onChange();
  }

  list(): ChatComposing[] {
    return [...this.byKey.values()].map(({ accountId, peer, until }) => ({ accountId, peer, until }));
  }

  stop(): void {
    for (const entry of this.byKey.values()) clearTimeout(entry.timer);
    this.byKey.clear();
  }
}

/** Sends an indication; resolves `refused` when the peer said it cannot take indications (as opposed to not being reachable now). */
export type SendIndication = (accountId: string, peer: string, state: ComposingIndication['state']) => Promise<'taken' | 'refused' | 'failed'>;

export class OutgoingComposing {
  private readonly active = new Map<string, { lastSentAt: number; idleTimer: NodeJS.Timeout }>();
  private readonly unsupported = new Set<string>();

  constructor(
    private readonly send: SendIndication,
    private readonly now: () => number = Date.now,
    private readonly idleAfterMs = IDLE_AFTER_MS,
  ) {}

  /** The user typed in the conversation with `peer`. */
  typing(accountId: string, peer: string): void {
    const key = conversationKey(accountId, peer);
    if (this.unsupported.has(key)) return;
    const entry = this.active.get(key);
    if (entry) clearTimeout(entry.idleTimer);
    const idleTimer = setTimeout(() => {
      this.active.delete(key);
      this.tell(key, accountId, peer, 'idle');
    }, this.idleAfterMs);
    idleTimer.unref?.();
    const now = this.now();
    const isDue = !entry || now - entry.lastSentAt >= ACTIVE_REFRESH_SEC * 1000 * 0.8;
    this.active.set(key, { lastSentAt: isDue ? now : entry.lastSentAt, idleTimer });
    if (isDue) this.tell(key, accountId, peer, 'active');
  }

  /** The message was sent: the peer ends the indication itself when it arrives. */
  sent(accountId: string, peer: string): void {
    const key = conversationKey(accountId, peer);
    const entry = this.active.get(key);
    if (!entry) return;
    clearTimeout(entry.idleTimer);
    this.active.delete(key);
  }

  stop(): void {
    for (const entry of this.active.values()) clearTimeout(entry.idleTimer);
    this.active.clear();
  }

  private tell(key: string, accountId: string, peer: string, state: ComposingIndication['state']): void {
    void this.send(accountId, peer, state).then((outcome) => {
      if (outcome !== 'refused') return;
      this.unsupported.add(key);
      this.sent(accountId, peer);
    });
  }
}
