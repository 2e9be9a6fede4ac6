/** The chat history: bounded, checked on write, honest about messages that never got an answer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage } from '../../../app/chat';
import { ChatStore, MAX_STORED_MESSAGES } from '../../../main/core/chat-store';
import type { DataFile } from '../../../main/core/data-file';

function memoryFile(initial: Record<string, unknown> = {}): DataFile & { data: Record<string, unknown> } {
  const data = structuredClone(initial);
  return { data, path: '/memory/messages.json', get: (key) => data[key], set: (key, value) => void (data[key] = structuredClone(value)) };
}

const ACCOUNT = '5b0e1c9e-4d1f-4c39-9f59-9d2b7f5a8e11';
const message = (id: string, overrides: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  accountId: ACCOUNT,
  peer: 'sip:bob@example.com',
  direction: 'incoming',
  body: `text ${id}`,
  at: 1_000,
  state: 'received',
  ...overrides,
});

test('keeps only the newest messages, and what it writes reads back the same', () => {
  const file = memoryFile();
  const store = new ChatStore(file);
  for (let i = 0; i < MAX_STORED_MESSAGES + 5; i += 1) assert.ok(store.add(message(`m${i}`, { at: i })));
  const kept = store.conversation(ACCOUNT, 'sip:bob@example.com');
  assert.equal(kept.length, MAX_STORED_MESSAGES);
  assert.equal(kept[0]!.id, 'm5');
  assert.deepEqual(new ChatStore(file).conversation(ACCOUNT, 'sip:bob@example.com'), kept);
});

test('a message that does not match the schema is not written', () => {
  const file = memoryFile();
  const store = new ChatStore(file);
  assert.equal(store.add(message('bad', { accountId: 'not an id!' })), false);
  assert.equal(store.add(message('huge', { body: 'x'.repeat(100_000) })), false);
  assert.equal(file.data.messages, undefined);
});

test('a message still sending when the app stopped reads back as failed with no answer', () => {
  const file = memoryFile({ messages: [message('out', { direction: 'outgoing', state: 'sending' })] });
  assert.deepEqual(new ChatStore(file).conversation(ACCOUNT, 'sip:bob@example.com')[0]!.failure, { code: 'message-unanswered' });
});

test('unread counts incoming messages after the read marker, per conversation', () => {
  const file = memoryFile();
  const store = new ChatStore(file);
  store.add(message('a', { at: 10 }));
  store.add(message('b', { at: 20, peer: 'sip:carol@example.com' }));
  store.add(message('c', { at: 30, direction: 'outgoing', state: 'delivered' }));
  assert.equal(store.unreadCount(), 2);
  store.markRead(ACCOUNT, 'sip:bob@example.com', 25);
  assert.equal(store.unreadCount(), 1);
  assert.deepEqual(
    store.conversations().map(({ peer, unread }) => ({ peer, unread })),
    [
      { peer: 'sip:bob@example.com', unread: 0 },
      { peer: 'sip:carol@example.com', unread: 1 },
    ],
  );
  assert.equal(new ChatStore(file).unreadCount(), 1);
});

test('an outcome is recorded with its SIP reason', () => {
  const store = new ChatStore(memoryFile());
  store.add(message('out', { direction: 'outgoing', state: 'sending' }));
  const settled = store.settle('out', 'failed', { code: 'message-refused', statusCode: 404, reasonPhrase: 'Not Found' });
  assert.equal(settled?.state, 'failed');
  assert.equal(store.settle('gone', 'delivered'), undefined);
});
