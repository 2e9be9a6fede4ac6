/**
 * Busy lamps against a scripted notifier (a WebSocket SIP server the test
 * drives): how a lamp answers a NOTIFY that ends its subscription, a
 * refusal, a refused refresh, a lost connection, a restart of the app and
 * the removal of its account — answers a real Kamailio does not give on
 * demand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppSnapshot, LampSnapshot } from '../../app/ipc-contract';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { parseSipMessage, token, uriOf, type SipMessage } from '../support/raw-sip-client';
import { startScriptedRegistrar, type ScriptedRegistrar } from '../support/scripted-registrar';
import { sleep, waitFor } from '../support/wait-for';

const DOMAIN = 'softphone.test';
const LINE = `sip:user001@${DOMAIN}`;
/** Far longer than any wait here: a SUBSCRIBE seen in time was sent "at once", not on the retry timer. */
const RETRY_MS = 60_000;

let notifyCseq = 0;

/** Accepts a SUBSCRIBE (202) and sends the NOTIFY of its dialog with `state`. */
function accept(server: ScriptedRegistrar, subscribe: SipMessage): (state: string, body?: string) => void {
  const notifierTag = token();
  const header = (name: string) => subscribe.header(name) ?? '';
  server.sendToClients(
    [
      'SIP/2.0 202 Accepted',
      ...subscribe.headers('via').map((via) => `Via: ${via}`),
      `From: ${header('from')}`,
      `To: ${header('to')};tag=${notifierTag}`,
      `Call-ID: ${header('call-id')}`,
      `CSeq: ${header('cseq')}`,
      `Contact: <sip:notifier@127.0.0.1;transport=ws>`,
      'Expires: 600',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
  return (state, body = '') =>
    server.sendToClients(
      [
        `NOTIFY ${uriOf(header('contact'))} SIP/2.0`,
        `Via: SIP/2.0/WS notifier.invalid;branch=z9hG4bK${token()}`,
        'Max-Forwards: 70',
        `From: ${header('to')};tag=${notifierTag}`,
        `To: ${header('from')}`,
        `Call-ID: ${header('call-id')}`,
        `CSeq: ${(notifyCseq += 1)} NOTIFY`,
        `Contact: <sip:notifier@127.0.0.1;transport=ws>`,
        'Event: dialog',
        `Subscription-State: ${state}`,
        ...(body ? ['Content-Type: application/dialog-info+xml'] : []),
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n'),
    );
}

const subscribesTo = (server: ScriptedRegistrar): SipMessage[] =>
  server.received.filter((text) => text.startsWith('SUBSCRIBE ') && /^Event:\s*dialog/im.test(text)).map(parseSipMessage);

describe('busy lamps and how a notifier ends their subscriptions', () => {
  let server: ScriptedRegistrar;
  let carol: TestCore;
  let accountId: string;

  const lamp = (): LampSnapshot | undefined => (carol.core.snapshot as AppSnapshot).lamps?.find((candidate) => candidate.target === LINE);
  const subscribes = (): SipMessage[] => subscribesTo(server);
  const nextSubscribe = async (seen: number, timeoutMs = 5_000): Promise<SipMessage> => waitFor(`SUBSCRIBE number ${seen + 1}`, () => subscribes()[seen], timeoutMs);

  before(async () => {
    server = await startScriptedRegistrar(() => ({ status: 200, reason: 'OK' }));
    carol = startTestCore({ subscriptionTuning: { lamps: { spreadMs: 50, retryMs: RETRY_MS }, voicemail: { spreadMs: RETRY_MS } } });
    accountId = await carol.addAccount({ sipAddress: `carol@${DOMAIN}`, password: 'secret', serverUrl: server.url });
    await carol.waitForStatus(accountId, 'registered');
    const watched = await carol.invoke('lamps:watch', { accountId, target: 'user001' });
    assert.ok(watched.ok, JSON.stringify(watched));
  });
  after(async () => {
    await carol?.stop();
    await server?.close();
  });

  test('terminated;reason=deactivated: the lamp subscribes again at once', async () => {
    const notify = accept(server, await nextSubscribe(0));
    notify('active;expires=600');
    await waitFor('lamp idle', () => lamp()?.state === 'idle');
    notify('terminated;reason=deactivated');
    await nextSubscribe(1);
  });

  test('terminated;reason=timeout: again at once, and the lamp is unknown until a NOTIFY says otherwise', async () => {
    const notify = accept(server, subscribes()[1]!);
    notify('active;expires=600');
    await waitFor('lamp idle', () => lamp()?.state === 'idle');
    // Past the gap that keeps a notifier which ends every subscription at once from driving a loop.
    await sleep(5_000);
    notify('terminated;reason=timeout');
    await waitFor('lamp unknown', () => lamp()?.state === 'unknown');
    await nextSubscribe(2);
  });

  test('terminated;reason=noresource: "not available from this server", and never asked again', async () => {
    const notify = accept(server, subscribes()[2]!);
    notify('active;expires=600');
    await waitFor('lamp idle', () => lamp()?.state === 'idle');
    notify('terminated;reason=noresource');
    await waitFor('lamp not offered', () => lamp()?.state === 'not-offered');
    await sleep(1_500);
    assert.equal(subscribes().length, 3, 'no SUBSCRIBE after noresource');
  });

  test('the watched line survives a restart of the app', async () => {
    await carol.stop({ removeProfile: false });
    carol = startTestCore({ profileDir: carol.profileDir, subscriptionTuning: { lamps: { spreadMs: 50, retryMs: RETRY_MS }, voicemail: { spreadMs: RETRY_MS } } });
    await carol.waitForStatus(accountId, 'registered');
    assert.ok(lamp(), 'the line is watched again after the restart');
    const notify = accept(server, await nextSubscribe(3));
    // Short, so that the next test sees its refresh.
    notify('active;expires=2');
    await waitFor('lamp idle after the restart', () => lamp()?.state === 'idle');
  });

  test('a lamp whose refresh is refused says unknown instead of its old state', async () => {
    const refresh = await nextSubscribe(4);
    assert.equal(refresh.header('call-id'), subscribes()[3]!.header('call-id'), 'a refresh, in the same dialog');
    server.sendToClients(
      [
        'SIP/2.0 500 Server Internal Error',
        ...refresh.headers('via').map((via) => `Via: ${via}`),
        `From: ${refresh.header('from')}`,
        `To: ${refresh.header('to')}`,
        `Call-ID: ${refresh.header('call-id')}`,
        `CSeq: ${refresh.header('cseq')}`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    await waitFor('lamp unknown', () => lamp()?.state === 'unknown');
  });

  test('a removed account takes its lamps along', async () => {
    assert.ok(lamp(), 'a lamp to begin with');
    const removed = await carol.invoke('accounts:remove', { id: accountId });
    assert.ok(removed.ok, JSON.stringify(removed));
    await waitFor('no lamp left', () => ((carol.core.snapshot as AppSnapshot).lamps ?? []).length === 0);
  });
});

describe('busy lamps after a reconnect', () => {
  const LINES = 10;
  const SPREAD_MS = 2_000;
  let server: ScriptedRegistrar;
  let carol: TestCore;

  const lamps = (): readonly LampSnapshot[] => (carol.core.snapshot as AppSnapshot).lamps ?? [];
  /** Accepts every SUBSCRIBE from `from` on, once `LINES` of them are there, and returns their arrival times. */
  const acceptAll = async (from: number): Promise<number[]> => {
    await waitFor(`${LINES} SUBSCRIBEs`, () => subscribesTo(server).length >= from + LINES, 15_000);
    const dialogSubscribes = server.received.flatMap((text, index) => (text.startsWith('SUBSCRIBE ') && /^Event:\s*dialog/im.test(text) ? [index] : []));
    for (const subscribe of subscribesTo(server).slice(from, from + LINES)) accept(server, subscribe)('active;expires=600');
    return dialogSubscribes.slice(from, from + LINES).map((index) => server.receivedAt[index]!);
  };

  before(async () => {
    server = await startScriptedRegistrar(() => ({ status: 200, reason: 'OK' }));
    carol = startTestCore({ subscriptionTuning: { lamps: { spreadMs: SPREAD_MS, retryMs: RETRY_MS }, voicemail: { spreadMs: RETRY_MS } } });
    const accountId = await carol.addAccount({ sipAddress: `carol@${DOMAIN}`, password: 'secret', serverUrl: server.url });
    await carol.waitForStatus(accountId, 'registered');
    for (let line = 1; line <= LINES; line += 1) {
      const watched = await carol.invoke('lamps:watch', { accountId, target: `user${String(line).padStart(3, '0')}` });
      assert.ok(watched.ok, JSON.stringify(watched));
    }
  });
  after(async () => {
    await carol?.stop();
    await server?.close();
  });

  test('the lamps are unknown while the connection is down, then subscribe again spread out in time, not in one burst', async () => {
    await acceptAll(0);
    await waitFor('every lamp idle', () => lamps().length === LINES && lamps().every((lamp) => lamp.state === 'idle'));
    const before = subscribesTo(server).length;
    server.dropClients();
    await waitFor('every lamp unknown', () => lamps().every((lamp) => lamp.state === 'unknown'));
    const times = await acceptAll(before);
    const span = Math.max(...times) - Math.min(...times);
    // Ten delays drawn over 2 s all within 300 ms: about one chance in 10^6.
    assert.ok(span >= 300, `the SUBSCRIBEs came within ${span} ms of each other`);
    await waitFor('every lamp idle again', () => lamps().every((lamp) => lamp.state === 'idle'));
  });
});
