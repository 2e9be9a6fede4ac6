/**
 * SIP MESSAGE chat (RFC 3428): one-to-one conversations of an account with a
 * peer, kept by main (the single writer) and shown by the renderer.
 */
import { z } from 'zod';
import { RecordIdSchema } from './record-id';

/**
 * The largest text body sent or accepted, in UTF-8 bytes. RFC 3428 §8 keeps
 * MESSAGE under 1300 bytes only where it may cross UDP; over our WebSocket
 * connection a larger one is safe, and this still keeps history small.
 */
export const MAX_CHAT_BODY_BYTES = 4_096;

/** The longest peer address kept (a SIP URI). */
const MAX_PEER_CHARS = 512;
/** The longest SIP reason phrase kept with a failure. */
const MAX_REASON_CHARS = 128;

/**
 * Where an outgoing message stands:
 * - `sending`: sent, no final answer yet;
 * - `sent`: accepted for later delivery (202 Accepted: a store-and-forward server has it);
 * - `delivered`: the peer's device took it (200 OK);
 * - `failed`: refused or unanswered; `failure` says why.
 * Incoming messages are `received`.
 */
export const ChatMessageStateSchema = z.enum(['sending', 'sent', 'delivered', 'failed', 'received']);
export type ChatMessageState = z.infer<typeof ChatMessageStateSchema>;

/** Why an outgoing message failed: a SIP status with its reason phrase, or no answer / no connection (code). */
export const ChatFailureSchema = z.object({
  code: z.enum(['message-refused', 'message-unanswered', 'message-not-connected']),
  statusCode: z.number().int().min(300).max(699).optional(),
  reasonPhrase: z.string().max(MAX_REASON_CHARS).optional(),
});
export type ChatFailure = z.infer<typeof ChatFailureSchema>;

export const ChatMessageSchema = z.object({
  id: z.string().min(1).max(64),
  accountId: RecordIdSchema,
  /** The peer's address of record, `sip:user@domain`. */
  peer: z.string().min(1).max(MAX_PEER_CHARS),
  direction: z.enum(['outgoing', 'incoming']),
  body: z.string().max(MAX_CHAT_BODY_BYTES),
  /** When it was written: sent, or for an incoming message held on the way, its Date. */
  at: z.number(),
  /** When a held incoming message reached us (its `at` is older); unread and the conversation order go by this. */
  arrivedAt: z.number().optional(),
  state: ChatMessageStateSchema,
  failure: ChatFailureSchema.optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** One conversation as the list shows it. */
export interface ChatConversation {
  readonly accountId: string;
  readonly peer: string;
  readonly lastMessage: ChatMessage;
  /** Incoming messages the user has not seen yet (the badge). */
  readonly unread: number;
}

/** A peer that told us it is typing (RFC 3994), until `until`. */
export interface ChatComposing {
  readonly accountId: string;
  readonly peer: string;
  readonly until: number;
}

/** What the snapshot carries about chat; messages themselves are fetched with `chat:conversation`. */
export interface ChatSummary {
  /** Changes whenever any message is added or changes state. */
  readonly revision: number;
  readonly unread: number;
  readonly composing: readonly ChatComposing[];
}

export const ChatPeerSchema = z.object({ accountId: RecordIdSchema, peer: z.string().min(1).max(MAX_PEER_CHARS) });

export const ChatSendSchema = z.object({
  accountId: RecordIdSchema,
  /** What the user typed (a number, a name, or a SIP address), or a conversation's peer. */
  to: z.string().min(1).max(MAX_PEER_CHARS),
  text: z.string().min(1).max(MAX_CHAT_BODY_BYTES * 4),
});

/** UTF-8 byte length, without `Buffer` (this module runs in the renderer too). */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The key of a conversation: the account and the peer's address of record. */
export function conversationKey(accountId: string, peer: string): string {
  return `${accountId} ${peer}`;
}
