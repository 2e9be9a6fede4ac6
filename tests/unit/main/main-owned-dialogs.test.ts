import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LASTING, MainOwnedDialogs, TRANSACTION_LIFETIME_MS } from '../../../main/core/main-owned-dialogs';

test('an entry is main\'s for its lifetime, and a lasting one until released', () => {
  let now = 0;
  const owned = new MainOwnedDialogs(() => now);
  owned.own('register', LASTING);
  owned.own('probe', TRANSACTION_LIFETIME_MS);
  now = TRANSACTION_LIFETIME_MS - 1;
  assert.equal(owned.owns('probe'), true);
  now = TRANSACTION_LIFETIME_MS + 1;
  assert.equal(owned.owns('probe'), false);
  assert.equal(owned.owns('register'), true);
  owned.release('register');
  assert.equal(owned.owns('register'), false);
});

test('thousands of probes never push out the registration (the old 256-entry FIFO did)', () => {
  let now = 0;
  const owned = new MainOwnedDialogs(() => now);
  owned.own('register', LASTING);
  for (let i = 0; i < 5_000; i += 1) {
    now += 100;
    owned.own(`probe-${i}`, TRANSACTION_LIFETIME_MS);
  }
  assert.equal(owned.owns('register'), true);
  // Expired probes are pruned: the table holds only what can still be answered.
  assert.ok(owned.size <= TRANSACTION_LIFETIME_MS / 100 + 2, `size ${owned.size}`);
});

test('owning again extends a lifetime, never shortens it', () => {
  let now = 0;
  const owned = new MainOwnedDialogs(() => now);
  owned.own('c', LASTING);
  owned.own('c', 10);
  now = 1_000;
  assert.equal(owned.owns('c'), true);
});
