/**
 * A provider's call may come from a proxy DNS never named. Alice registers
 * over UDP with a real Kamailio; the INVITE Kamailio forwards to her shows
 * what it does with her Contact's user. Then SIPp, as another proxy of the
 * provider on 127.0.0.2, sends an INVITE straight to that Contact: it rings,
 * is answered and hung up (ACK and BYE to her window's Contact from there
 * too), and ends in history. A scanner on 127.0.0.3 spraying INVITEs at her
 * address without the Contact's user is dropped: no answer, no call, one
 * log line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logFolderOf } from '../../main/core/logger';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { freePort, startKamailio, type KamailioServer } from '../support/kamailio';
import { NodeCallWindow } from '../support/node-call-window';
import { runSipp } from '../support/sipp';
import { waitFor } from '../support/wait-for';

describe('calls over UDP from proxies of the provider that DNS did not list', () => {
  let kamailio: KamailioServer;
  let phone: TestCore;
  let window: NodeCallWindow;
  let accountId: string;
  before(async () => {
    kamailio = await startKamailio();
    phone = startTestCore();
    accountId = await phone.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: `127.0.0.1:${kamailio.udpPort}`, transport: 'udp' });
    window = new NodeCallWindow(phone.core, { answersCalls: true });
    await phone.waitForStatus(accountId, 'registered');
    await window.open(accountId);
  });
  after(async () => {
    await window?.close();
    await phone?.stop();
    await kamailio?.stop();
  });

  const historyOf = () => phone.core.snapshot.history.filter((call) => call.accountId === accountId);

  test('Kamailio forwards calls to the registered Contact, whose user is a token, not the account\'s user', async () => {
    const run = await runSipp('uac-call.xml', `127.0.0.1:${kamailio.udpPort}`, { service: 'alice', localPort: await freePort() });
    assert.equal(run.exitCode, 0, run.output);
    const forwarded = /location of alice: INVITE to sip:([^@]+)@127\.0\.0\.1:(\d+);transport=udp/.exec(kamailio.logs());
    assert.ok(forwarded, `Kamailio's lookup: ${kamailio.logs().slice(-2_000)}`);
    assert.match(forwarded[1]!, /^[0-9a-f]{32}$/, 'an unguessable Contact user');
    await waitFor('the call in history', () => historyOf().length === 1);
  });

  test('another proxy of the provider (127.0.0.2) calls the Contact directly: it is answered, hung up and in history; a scanner (127.0.0.3) is dropped', async () => {
    const forwarded = /location of alice: INVITE to sip:([^@]+)@127\.0\.0\.1:(\d+);transport=udp/.exec(kamailio.logs())!;
    const [, contactUser, port] = forwarded;
    const callsBefore = window.calls.length;
    const historyBefore = historyOf().length;

    const fromOtherProxy = await runSipp('uac-call-contact.xml', `127.0.0.1:${port}`, {
      service: contactUser!,
      localPort: await freePort(),
      extraArgs: ['-i', '127.0.0.2', '-key', 'to_user', 'alice'],
    });
    assert.equal(fromOtherProxy.exitCode, 0, fromOtherProxy.output);
    assert.equal(window.calls.length, callsBefore + 1, 'the call rang in the window');
    assert.equal(window.calls.at(-1)!.answered, true);
    await waitFor('the call in history', () => historyOf().length === historyBefore + 1);

    for (const user of ['alice', '100']) {
      const scanner = await runSipp('uac-call-contact.xml', `127.0.0.1:${port}`, {
        service: user,
        localPort: await freePort(),
        timeoutSec: 3,
        extraArgs: ['-i', '127.0.0.3', '-key', 'to_user', user],
      });
      assert.notEqual(scanner.exitCode, 0, `the scanner got an answer as ${user}: ${scanner.output}`);
    }
    assert.equal(window.calls.length, callsBefore + 1, 'no scanner call rang');
    assert.equal(historyOf().length, historyBefore + 1, 'nothing in history from the scanner');
    const log = readFileSync(join(logFolderOf(phone.profileDir), 'main.log'), 'utf8');
    const dropped = log.split('\n').filter((line) => line.includes('name none of our Contacts'));
    assert.equal(dropped.length, 1, `one line for every scanner datagram of the minute: ${dropped.join('\n')}`);
    assert.match(dropped[0]!, /from 127\.0\.0\.3:\d+/);
    assert.doesNotMatch(log, new RegExp(contactUser!), 'the token is never logged');
  });
});
