/**
 * Chat history on disk (messages.json): the newest messages of every
 * conversation, and how far the user has read each one.
 *
 * @remarks
 * Bounded: at most {@link MAX_STORED_MESSAGES} messages over all
 * conversations (the oldest go first), each body at most
 * MAX_CHAT_BODY_BYTES. Every message is checked against its schema before
 * it is written, so what is written is always read back; entries the schema
 * does not recognise (hand-edited, a newer version) are skipped when read.
 * A message still `sending` when the app stopped never got its answer: it
 * is read back as failed, not left spinning for ever.
 */
import { z } from 'zod';
import { ChatMessageSchema, conversationKey, type ChatConversation, type ChatFailure, type ChatMessage } from '../../app/chat';
import type { DataFile } from './data-file';
import { EntryList } from './entry-list';

export const MAX_STORED_MESSAGES = 2_000;

/** messages.json: anything else in it is moved aside rather than overwritten (see data-file.ts). */
export const MESSAGES_DOCUMENT = z.object({ messages: z.array(z.unknown()).optional(), readUntil: z.record(z.string(), z.number()).optional() }).passthrough();

export class ChatStore {
  private readonly entries: EntryList<ChatMessage>;
  /** The messages in the order they were added (oldest first); parsed once, written whole on change. */
  private messages: ChatMessage[];
  private readUntil: Record<string, number>;

  constructor(private readonly file: DataFile) {
    this.entries = new EntryList(file, 'messages', ChatMessageSchema);
    this.messages = this.entries.list().map((message) =>
      message.state === 'sending' ? { ...message, state: 'failed' as const, failure: { code: 'message-unanswered' as const } } : message,
    );
    const stored = MESSAGES_DOCUMENT.shape.readUntil.safeParse(file.get('readUntil'));
    this.readUntil = stored.success && stored.data ? stored.data : {};
  }

  /** Adds a message; false (and nothing written) when it does not match the schema. */
  add(message: ChatMessage): boolean {
    const checked = ChatMessageSchema.safeParse(message);
    if (!checked.success) return false;
    this.messages.push(checked.data);
    if (this.messages.length > MAX_STORED_MESSAGES) this.messages = this.messages.slice(-MAX_STORED_MESSAGES);
    this.save();
    return true;
  }

  /** Records the outcome of an outgoing message; undefined when there is no such message (trimmed away meanwhile). */
  settle(id: string, state: 'sent' | 'delivered' | 'failed', failure?: ChatFailure): ChatMessage | undefined {
    const index = this.messages.findIndex((message) => message.id === id);
    const current = this.messages[index];
    if (!current) return undefined;
    const settled = ChatMessageSchema.parse({ ...current, state, ...(failure ? { failure } : {}) });
    this.messages[index] = settled;
    this.save();
    return settled;
  }

  /** The messages with one peer, oldest first (a message held on the way takes its place by its Date). */
  conversation(accountId: string, peer: string): ChatMessage[] {
    return this.messages.filter((message) => message.accountId === accountId && message.peer === peer).sort((a, b) => a.at - b.at);
  }

  /** Every conversation, the most recently active first. */
  conversations(): ChatConversation[] {
    const byKey = new Map<string, { last: ChatMessage; unread: number }>();
    for (const message of this.messages) {
      const key = conversationKey(message.accountId, message.peer);
      const entry = byKey.get(key) ?? { last: message, unread: 0 };
      entry.last = message;
      if (this.isUnread(message)) entry.unread += 1;
      byKey.set(key, entry);
    }
    return [...byKey.values()]
      .map(({ last, unread }) => ({ accountId: last.accountId, peer: last.peer, lastMessage: last, unread }))
      .sort((a, b) => arrivalOf(b.lastMessage) - arrivalOf(a.lastMessage));
  }

  unreadCount(): number {
    return this.messages.filter((message) => this.isUnread(message)).length;
  }

  /** The user has seen the conversation up to `now`. */
  markRead(accountId: string, peer: string, now: number): void {
    const key = conversationKey(accountId, peer);
    this.readUntil[key] = now;
    // Keep markers only for conversations that still have messages.
    const live = new Set(this.messages.map((message) => conversationKey(message.accountId, message.peer)));
    this.readUntil = Object.fromEntries(Object.entries(this.readUntil).filter(([known]) => live.has(known)));
    this.file.set('readUntil', this.readUntil);
  }

  private isUnread(message: ChatMessage): boolean {
    return message.direction === 'incoming' && arrivalOf(message) > (this.readUntil[conversationKey(message.accountId, message.peer)] ?? 0);
  }

  private save(): void {
    this.entries.write(this.messages);
  }
}

/** When a message reached this app: a message held on the way is new when it arrives, whatever its Date. */
function arrivalOf(message: ChatMessage): number {
  return message.arrivedAt ?? message.at;
}
