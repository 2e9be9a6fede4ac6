/** When the peer is told our user is typing, and who is shown typing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncomingComposing, OutgoingComposing } from '../../../main/core/chat-composing';

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('typing sends "active" once, refreshes it only when due, and "idle" after a silence', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const sent: string[] = [];
  const outgoing = new OutgoingComposing(async (_account, _peer, state) => (sent.push(state), 'taken'), Date.now, 15_000);
  outgoing.typing('a', 'sip:bob@x');
  outgoing.typing('a', 'sip:bob@x');
  t.mock.timers.tick(10_000);
  outgoing.typing('a', 'sip:bob@x');
  assert.deepEqual(sent, ['active']);
  t.mock.timers.tick(15_000);
  assert.deepEqual(sent, ['active', 'idle']);
  outgoing.stop();
});

test('a sent message ends typing without an "idle"; a peer that refuses indications gets no more', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const sent: string[] = [];
  const outgoing = new OutgoingComposing(async (_account, peer, state) => (sent.push(`${peer} ${state}`), peer === 'sip:old@x' ? 'refused' : 'taken'), Date.now, 15_000);
  outgoing.typing('a', 'sip:bob@x');
  outgoing.sent('a', 'sip:bob@x');
  t.mock.timers.tick(20_000);
  assert.deepEqual(sent, ['sip:bob@x active']);
  outgoing.typing('a', 'sip:old@x');
  await settle();
  outgoing.typing('a', 'sip:old@x');
  t.mock.timers.tick(20_000);
  outgoing.typing('a', 'sip:old@x');
  assert.deepEqual(sent, ['sip:bob@x active', 'sip:old@x active']);
  outgoing.stop();
});

test('a peer shows typing until its refresh runs out, its idle, or its message', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  let changes = 0;
  const incoming = new IncomingComposing(() => (changes += 1), Date.now);
  incoming.indicate('a', 'sip:bob@x', { state: 'active', refreshSec: 30 });
  assert.deepEqual(incoming.list().map(({ peer }) => peer), ['sip:bob@x']);
  t.mock.timers.tick(30_000);
  assert.deepEqual(incoming.list(), []);
  incoming.indicate('a', 'sip:bob@x', { state: 'active' });
  incoming.indicate('a', 'sip:bob@x', { state: 'idle' });
  assert.deepEqual(incoming.list(), []);
  incoming.indicate('a', 'sip:bob@x', { state: 'active' });
  incoming.clear('a', 'sip:bob@x');
  assert.deepEqual(incoming.list(), []);
  assert.equal(changes, 6);
  incoming.stop();
});
