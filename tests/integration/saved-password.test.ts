/**
 * A saved password only ever goes to the server it was saved for: a test or
 * an edit that points the account elsewhere with the password left empty is
 * refused, and the other server never receives a digest of it.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { startScriptedRegistrar, type ScriptedRegistrar } from '../support/scripted-registrar';
import { waitFor } from '../support/wait-for';

/** A server that challenges every REGISTER and keeps every REGISTER it receives. */
async function startChallengingServer(): Promise<{ server: ScriptedRegistrar; received: string[] }> {
  const received: string[] = [];
  const server = await startScriptedRegistrar((index, request) => {
    received.push(request);
    return { status: 401, reason: 'Unauthorized', headers: [`WWW-Authenticate: Digest realm="other", nonce="nonce-${index}", algorithm=MD5, qop="auth"`] };
  });
  return { server, received };
}

const digestsIn = (received: readonly string[]) => received.filter((request) => /^authorization:/im.test(request));

const form = (serverUrl: string, changes: Record<string, unknown> = {}) => ({
  displayName: '',
  sipAddress: 'alice@example.com',
  authUser: '',
  password: '',
  serverUrl,
  enabled: true,
  ...changes,
});

async function withSavedAccount(savedUrl: string, run: (phone: TestCore, id: string) => Promise<void>): Promise<void> {
  const phone = startTestCore({ tuning: { registerTimeoutMs: 2_000 } });
  try {
    const id = await phone.addAccount({ sipAddress: 'alice@example.com', password: 'saved-secret', serverUrl: savedUrl, enabled: false });
    await run(phone, id);
  } finally {
    await phone.stop();
  }
}

test('testing a saved account against another server with the password left empty is refused; that server gets no digest', async () => {
  const other = await startChallengingServer();
  try {
    await withSavedAccount('ws://127.0.0.1:9', async (phone, id) => {
      const result = await phone.invoke('accounts:test', { accountId: id, input: form(other.server.url) });
      assert.equal(result.ok ? 'ok' : result.error.code, 'password-for-new-server');
      await delay(500);
      assert.deepEqual(digestsIn(other.received), []);
    });
  } finally {
    await other.server.close();
  }
});

test('saving a saved account with another server and the password left empty is refused; nothing changes and that server gets no digest', async () => {
  const other = await startChallengingServer();
  try {
    await withSavedAccount('ws://127.0.0.1:9', async (phone, id) => {
      const result = await phone.invoke('accounts:update', { id, input: form(other.server.url) });
      assert.equal(result.ok ? 'ok' : result.error.code, 'password-for-new-server');
      await delay(1_000);
      assert.deepEqual(digestsIn(other.received), []);
      assert.equal(other.received.length, 0);
      assert.equal(phone.core.snapshot.accounts[0]?.serverUrl, 'ws://127.0.0.1:9/', 'the saved account is unchanged');
    });
  } finally {
    await other.server.close();
  }
});

test('a changed domain or authentication user also needs the password again', async () => {
  const server = await startChallengingServer();
  try {
    await withSavedAccount(server.server.url, async (phone, id) => {
      for (const changes of [{ sipAddress: 'alice@elsewhere.example' }, { authUser: 'mallory' }]) {
        const tested = await phone.invoke('accounts:test', { accountId: id, input: form(server.server.url, changes) });
        assert.equal(tested.ok ? 'ok' : tested.error.code, 'password-for-new-server', JSON.stringify(changes));
        const saved = await phone.invoke('accounts:update', { id, input: form(server.server.url, changes) });
        assert.equal(saved.ok ? 'ok' : saved.error.code, 'password-for-new-server', JSON.stringify(changes));
      }
      assert.deepEqual(digestsIn(server.received), []);
    });
  } finally {
    await server.server.close();
  }
});

test('the saved password still goes to its own server, and a typed one to a new server', async () => {
  const own = await startChallengingServer();
  const other = await startChallengingServer();
  try {
    await withSavedAccount(own.server.url, async (phone, id) => {
      const tested = await phone.invoke<{ outcome: string }>('accounts:test', { accountId: id, input: form(own.server.url) });
      assert.equal(tested.ok && tested.value.outcome, 'wrong-credentials');
      assert.match(digestsIn(own.received)[0] ?? '', /username="alice"/);
      const typed = await phone.invoke('accounts:update', { id, input: form(other.server.url, { password: 'typed-for-other' }) });
      assert.equal(typed.ok, true);
      await waitFor('a digest at the new server', () => digestsIn(other.received)[0]);
    });
  } finally {
    await own.server.close();
    await other.server.close();
  }
});
