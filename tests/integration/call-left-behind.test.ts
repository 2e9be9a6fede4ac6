/**
 * Defect 6 of issue 10, second half: a connected call vanished from history
 * when its window closed mid-call. Here a caller (a scripted SIP server on
 * the account's connection) calls the account, the window's call agent (a
 * real sip.js agent on the tunnel) answers, the caller ACKs, and then the
 * window closes. What the caller observes: main's BYE for that dialog. What
 * the user observes: the call in history as answered, with its duration,
 * also after the core restarts on the same profile.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestCore } from '../support/core-fixture';
import { NodeCallWindow } from '../support/node-call-window';
import { digestChallenge, startScriptedRegistrar } from '../support/scripted-registrar';
import { sleep, waitFor } from '../support/wait-for';

const CALL_ID = 'left-behind-1';
const OFFER = ['v=0', 'o=- 7 7 IN IP4 192.0.2.9', 's=-', 'c=IN IP4 192.0.2.9', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=sendrecv', ''].join('\r\n');
const TALK_MS = 1_200;

function headerOf(text: string, name: string): string {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(text)?.[1]?.trim() ?? '';
}

function inviteFromBob(): string {
  return [
    'INVITE sip:alice@softphone.test SIP/2.0',
    'Via: SIP/2.0/WS proxy.test;branch=z9hG4bKleftbehind1',
    'Max-Forwards: 70',
    'To: <sip:alice@softphone.test>',
    'From: "Bob" <sip:bob@softphone.test>;tag=bob1',
    `Call-ID: ${CALL_ID}`,
    'CSeq: 1 INVITE',
    'Contact: <sip:bob@192.0.2.9;transport=ws>',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(OFFER)}`,
    '',
    OFFER,
  ].join('\r\n');
}

function ackFor(ok: string): string {
  return [
    `ACK ${/<([^>]+)>/.exec(headerOf(ok, 'Contact'))?.[1] ?? 'sip:alice@softphone.test'} SIP/2.0`,
    'Via: SIP/2.0/WS proxy.test;branch=z9hG4bKleftbehindack',
    'Max-Forwards: 70',
    `To: ${headerOf(ok, 'To')}`,
    'From: "Bob" <sip:bob@softphone.test>;tag=bob1',
    `Call-ID: ${CALL_ID}`,
    'CSeq: 1 ACK',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

test('a connected call whose window closes gets main\'s BYE and stays in history as answered, with its duration, across a restart', async () => {
  const registrar = await startScriptedRegistrar((index) =>
    index === 0 ? { status: 401, reason: 'Unauthorized', headers: [digestChallenge('n1')] } : { status: 200, reason: 'OK' },
  );
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-left-behind-'));
  let phone = startTestCore({ profileDir, tuning: { reachabilityIntervalMs: 600_000 } });
  const window = new NodeCallWindow(phone.core, { answersCalls: true });
  try {
    const id = await phone.addAccount({ sipAddress: 'alice@softphone.test', password: 'x', serverUrl: registrar.url });
    await phone.waitForStatus(id, 'registered', 5_000);
    await window.open(id);

    registrar.sendToClients(inviteFromBob());
    const ok = await waitFor('the 200 to Bob\'s INVITE', () =>
      registrar.received.find((text) => text.startsWith('SIP/2.0 200') && headerOf(text, 'Call-ID') === CALL_ID && /INVITE$/.test(headerOf(text, 'CSeq'))),
    5_000);
    const localParty = headerOf(ok, 'To');
    assert.match(localParty, /;tag=/, 'the answer has our tag');
    registrar.sendToClients(ackFor(ok));
    await sleep(TALK_MS);

    const closedAt = Date.now();
    await window.close();
    const bye = await waitFor('main\'s BYE', () => registrar.received.find((text) => text.startsWith('BYE ') && headerOf(text, 'Call-ID') === CALL_ID), 5_000);
    assert.match(bye, /^BYE sip:bob@192\.0\.2\.9;transport=ws SIP\/2\.0\r\n/, 'to the caller\'s Contact');
    assert.equal(headerOf(bye, 'From'), localParty, 'in our side of the dialog');
    assert.equal(headerOf(bye, 'To'), '"Bob" <sip:bob@softphone.test>;tag=bob1');
    assert.match(headerOf(bye, 'CSeq'), /^\d+ BYE$/);
    assert.equal(registrar.received.filter((text) => text.startsWith('BYE ') && headerOf(text, 'Call-ID') === CALL_ID).length, 1, 'one BYE');

    const record = await waitFor('the call in history', () => phone.core.snapshot.history.find((candidate) => candidate.id === CALL_ID), 3_000);
    assert.equal(record.direction, 'incoming');
    assert.equal(record.remoteUri, 'sip:bob@softphone.test');
    assert.equal(record.remoteName, 'Bob');
    assert.equal(record.outcome, undefined, 'answered, not missed or failed');
    assert.ok(record.answeredAt !== undefined, 'answered');
    const durationMs = record.endedAt - record.answeredAt;
    assert.ok(durationMs >= TALK_MS - 100 && record.endedAt <= Date.now() && record.endedAt >= closedAt - 50, `lasted ${durationMs} ms, until the window closed`);

    await phone.stop({ removeProfile: false });
    phone = startTestCore({ profileDir, tuning: { reachabilityIntervalMs: 600_000 } });
    const reread = phone.core.snapshot.history.filter((candidate) => candidate.id === CALL_ID);
    assert.deepEqual(reread, [record], 'the same record after a restart, once');
  } finally {
    await window.close();
    await phone.stop({ removeProfile: false });
    await registrar.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
});
