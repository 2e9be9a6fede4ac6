/** The contract at main's door: what a renderer gets for bad requests, and what is kept on disk. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestCore } from '../../support/core-fixture';

test('unknown channels and malformed payloads are refused as data, not exceptions', async () => {
  const phone = startTestCore();
  try {
    const unknown = await phone.invoke('shell:exec', { command: 'rm -rf /' });
    assert.deepEqual(unknown.ok ? null : unknown.error.code, 'unknown-channel');
    const malformed = await phone.invoke('accounts:add', { sipAddress: 42 });
    assert.deepEqual(malformed.ok ? null : malformed.error.code, 'invalid-request');
    const prototypeTrick = await phone.invoke('__proto__', {});
    assert.equal(prototypeTrick.ok, false);
  } finally {
    await phone.stop();
  }
});

test('an invalid account is refused with the reason, and nothing is saved', async () => {
  const phone = startTestCore();
  try {
    const result = await phone.invoke('accounts:add', {
      displayName: 'x',
      sipAddress: 'not an address',
      authUser: '',
      password: 'p',
      serverUrl: 'ws://127.0.0.1:1',
      enabled: true,
    });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error.message, /SIP address|user and a domain/);
    assert.equal(phone.core.snapshot.accounts.length, 0);
  } finally {
    await phone.stop();
  }
});

test('the password is never in a snapshot, and is stored sealed', async () => {
  const phone = startTestCore();
  try {
    await phone.addAccount({ sipAddress: 'alice@example.com', password: 'hunter2-secret', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    assert.doesNotMatch(JSON.stringify(phone.core.snapshot), /hunter2/);
    const onDisk = readFileSync(join(phone.profileDir, 'accounts.json'), 'utf8');
    assert.doesNotMatch(onDisk, /hunter2-secret/);
    assert.match(onDisk, /"instanceId": "[0-9a-f-]{36}"/);
  } finally {
    await phone.stop();
  }
});

test('an accounts file that does not parse is kept aside and the user is told', async () => {
  const first = startTestCore();
  await first.addAccount({ sipAddress: 'alice@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
  await first.stop({ removeProfile: false });
  const file = join(first.profileDir, 'accounts.json');
  const corrupted = readFileSync(file, 'utf8').slice(0, 40);
  writeFileSync(file, corrupted);

  const second = startTestCore({ profileDir: first.profileDir });
  try {
    const backups = readdirSync(first.profileDir).filter((name) => name.startsWith('accounts.unreadable-'));
    assert.equal(backups.length, 1);
    assert.equal(readFileSync(join(first.profileDir, backups[0]!), 'utf8'), corrupted, 'the unreadable file is kept byte for byte');
    assert.equal(second.core.snapshot.notices[0]?.code, 'accounts-file-unreadable');
  } finally {
    await second.stop();
  }
});

test('entries the schema does not know are kept in the file, not dropped', async () => {
  const first = startTestCore();
  await first.addAccount({ sipAddress: 'alice@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
  await first.stop({ removeProfile: false });
  const file = join(first.profileDir, 'accounts.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { accounts: unknown[] };
  data.accounts.push({ id: 'from-the-future', kind: 'xmpp' });
  writeFileSync(file, JSON.stringify(data));

  const second = startTestCore({ profileDir: first.profileDir });
  try {
    assert.equal(second.core.snapshot.accounts.length, 1);
    await second.addAccount({ sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    assert.match(readFileSync(file, 'utf8'), /from-the-future/);
  } finally {
    await second.stop();
  }
});
