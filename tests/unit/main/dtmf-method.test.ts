import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestCore } from '../../support/core-fixture';

test('the DTMF method is saved per account and defaults to RFC 4733', async () => {
  const phone = startTestCore();
  try {
    const plain = await phone.addAccount({ sipAddress: 'alice@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    const info = await phone.addAccount({ sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false, dtmfMethod: 'info' });
    assert.equal(phone.account(plain)?.dtmfMethod, 'rfc4733');
    assert.equal(phone.account(info)?.dtmfMethod, 'info');
  } finally {
    await phone.stop();
  }
});

test('an unknown DTMF method is refused as data', async () => {
  const phone = startTestCore();
  try {
    const result = await phone.invoke('accounts:add', {
      displayName: '', sipAddress: 'alice@example.com', authUser: '', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false, dtmfMethod: 'inband',
    });
    assert.equal(result.ok, false);
    assert.equal(phone.core.snapshot.accounts.length, 0);
  } finally {
    await phone.stop();
  }
});

test('an account saved before the DTMF method existed still loads, with the default', async () => {
  const first = startTestCore();
  await first.addAccount({ sipAddress: 'alice@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false, dtmfMethod: 'info' });
  await first.stop({ removeProfile: false });
  const file = join(first.profileDir, 'accounts.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { accounts: Record<string, unknown>[] };
  for (const account of data.accounts) delete account.dtmfMethod;
  writeFileSync(file, JSON.stringify(data));

  const second = startTestCore({ profileDir: first.profileDir });
  try {
    assert.equal(second.core.snapshot.accounts.length, 1);
    assert.equal(second.core.snapshot.accounts[0]?.dtmfMethod, 'rfc4733');
  } finally {
    await second.stop();
  }
});
