import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redact } from '../../../main/core/logger';

test('secrets never reach a log line', () => {
  const line = redact('Authorization: Digest username="alice", nonce="abc", response="6629fae49393a05397450978507c4ef1" password=hunter2 ha1: 0123abcd wss://user:pw@host/ws');
  assert.doesNotMatch(line, /6629fae4|hunter2|0123abcd|user:pw/);
  assert.match(line, /username="alice"/);
});
