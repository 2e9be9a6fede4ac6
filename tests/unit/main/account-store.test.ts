/**
 * accounts.json keeps an account's address as two strings, `user` and
 * `domain`; the core reads them into one address. Profiles written before
 * that must load and be written back in the same shape.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { plainTextVault } from '../../../main/core/credential-vault';
import { startTestCore } from '../../support/core-fixture';

const SAVED = {
  id: '6f1c7f4e-9a43-4d0e-8a55-3b2f0c1d2e3f',
  displayName: 'Work',
  user: 'alice',
  domain: 'example.com',
  authUser: 'alice',
  serverUrl: 'ws://127.0.0.1:9/',
  enabled: false,
  instanceId: '0b7c2a1e-5d6f-4e3a-9b8c-7d6e5f4a3b2c',
  sealedPassword: plainTextVault.seal('p'),
  keepAliveIntervalSec: 30,
};
/** Hand-edited: no SIP address has a space in its user part. */
const UNPARSEABLE = { ...SAVED, id: '7a2d8e5f-0b54-4e1f-9b66-4c3a1d2e3f40', user: 'al ice', instanceId: '1c8d3b2f-6e7a-4f4b-8c9d-8e7f6a5b4c3d' };

test('an account saved as user and domain loads as user@domain, and an edit writes the same shape back', async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-profile-'));
  const file = join(profileDir, 'accounts.json');
  writeFileSync(file, JSON.stringify({ accounts: [SAVED, UNPARSEABLE] }));
  const phone = startTestCore({ profileDir });
  try {
    assert.deepEqual(
      phone.core.snapshot.accounts.map((account) => [account.id, account.sipAddress, account.displayName]),
      [[SAVED.id, 'alice@example.com', 'Work']],
      'the unparseable entry is skipped',
    );
    assert.deepEqual(phone.core.snapshot.notices, [], 'nothing to tell: the file itself is fine');

    const edited = await phone.invoke('accounts:update', {
      id: SAVED.id,
      input: { displayName: 'Home', sipAddress: 'alice@EXAMPLE.com', authUser: '', password: '', serverUrl: SAVED.serverUrl, enabled: false, keepAliveIntervalSec: 30 },
    });
    assert.deepEqual(edited, { ok: true, value: null });
    assert.equal(phone.account(SAVED.id)?.sipAddress, 'alice@example.com');

    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { accounts: Record<string, unknown>[] };
    assert.deepEqual(onDisk.accounts[0], { ...SAVED, displayName: 'Home', transport: 'websocket' }, 'user and domain as two strings; the transport written out, nothing else added');
    assert.deepEqual(onDisk.accounts[1], UNPARSEABLE, 'kept untouched, never dropped');
  } finally {
    await phone.stop();
  }
});

test('an account saved before transports existed loads as WebSocket with the default codecs and media encryption', async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-profile-'));
  writeFileSync(join(profileDir, 'accounts.json'), JSON.stringify({ accounts: [SAVED] }));
  const phone = startTestCore({ profileDir });
  try {
    const [account] = phone.core.snapshot.accounts;
    assert.equal(account?.transport, 'websocket');
    assert.equal(account?.serverUrl, SAVED.serverUrl);
    assert.deepEqual(account?.codecs?.map((entry) => entry.codec), ['opus', 'G722', 'PCMU', 'PCMA']);
    assert.equal(account?.mediaEncryption, 'sdes-optional');
  } finally {
    await phone.stop();
  }
});

test('the lines an account watches stay through an edit of the account form; its pickup prefix is the form\'s', async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-profile-'));
  const file = join(profileDir, 'accounts.json');
  writeFileSync(file, JSON.stringify({ accounts: [{ ...SAVED, watchedLines: ['sip:user001@example.com'] }] }));
  const phone = startTestCore({ profileDir });
  try {
    const input = { displayName: 'Work', sipAddress: 'alice@example.com', authUser: '', password: '', serverUrl: SAVED.serverUrl, enabled: false, keepAliveIntervalSec: 30 };
    assert.deepEqual(await phone.invoke('accounts:update', { id: SAVED.id, input: { ...input, pickupPrefix: ' **8 ' } }), { ok: true, value: null });
    assert.equal(phone.account(SAVED.id)?.pickupPrefix, '**8');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { accounts: Record<string, unknown>[] };
    assert.deepEqual(onDisk.accounts[0]?.watchedLines, ['sip:user001@example.com']);
    assert.deepEqual(await phone.invoke('accounts:update', { id: SAVED.id, input: { ...input, pickupPrefix: '' } }), { ok: true, value: null });
    assert.equal(phone.account(SAVED.id)?.pickupPrefix, undefined, 'empty: the default (*8)');
  } finally {
    await phone.stop();
  }
});
