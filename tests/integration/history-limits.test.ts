/**
 * A call main turns away itself is in history even when the caller's
 * headers are huge: what is written is what is read back after a restart.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { startScriptedRegistrar, type ScriptedRegistrar } from '../support/scripted-registrar';
import { waitFor } from '../support/wait-for';

function inviteFrom(callId: string, displayName: string): string {
  return [
    'INVITE sip:alice@127.0.0.1;transport=ws SIP/2.0',
    'Via: SIP/2.0/WS 127.0.0.1:5060;branch=z9hG4bK-huge-headers',
    'Max-Forwards: 70',
    `From: "${displayName}" <sip:bob@example.com>;tag=caller-tag`,
    'To: <sip:alice@example.com>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Contact: <sip:bob@127.0.0.1;transport=ws>',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** A registered account with Do not disturb on, so every INVITE the server sends is turned away by main; the profile is kept. */
async function withPhoneOnDoNotDisturb(run: (phone: TestCore, registrar: ScriptedRegistrar) => Promise<void>): Promise<string> {
  const registrar = await startScriptedRegistrar(() => ({ status: 200, reason: 'OK' }));
  const phone = startTestCore();
  try {
    const id = await phone.addAccount({ sipAddress: 'alice@example.com', password: 'p', serverUrl: registrar.url });
    await phone.waitForStatus(id, 'registered');
    assert.equal((await phone.invoke('settings:update', { doNotDisturb: true })).ok, true);
    await run(phone, registrar);
  } finally {
    await phone.stop({ removeProfile: false });
    await registrar.close();
  }
  return phone.profileDir;
}

test('a call turned away with a 5 kB Call-ID and a 2 kB display name is in history after a restart', async () => {
  const profileDir = await withPhoneOnDoNotDisturb(async (phone, registrar) => {
    registrar.sendToClients(inviteFrom(`${'c'.repeat(5_000)}@example.com`, 'B'.repeat(2_000)));
    const recorded = await waitFor('the turned-away call in history', () => phone.core.snapshot.history.find((call) => call.outcome === 'dnd'));
    assert.equal(recorded.remoteUri, 'sip:bob@example.com');
    assert.ok(recorded.remoteName?.startsWith('BBBB') && recorded.remoteName.length <= 256, 'the name is kept, trimmed');
  });
  const restarted = startTestCore({ profileDir });
  try {
    const history = restarted.core.snapshot.history;
    assert.equal(history.length, 1, 'the call is still in history after a restart');
    assert.equal(history[0]?.outcome, 'dnd');
    assert.ok(history[0]!.id.length <= 128);
  } finally {
    await restarted.stop();
  }
});

test('two turned-away calls whose long Call-IDs share a prefix stay two records', async () => {
  const profileDir = await withPhoneOnDoNotDisturb(async (phone, registrar) => {
    const prefix = 'x'.repeat(300);
    registrar.sendToClients(inviteFrom(`${prefix}-first`, 'Bob'));
    registrar.sendToClients(inviteFrom(`${prefix}-second`, 'Bob'));
    await waitFor('both calls in history', () => phone.core.snapshot.history.length === 2 || undefined);
  });
  rmSync(profileDir, { recursive: true, force: true });
});
