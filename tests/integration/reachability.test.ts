/**
 * Whether calls can really reach the user, as a caller or the server would
 * observe it, against a real Kamailio on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { UserAgent } from 'sip.js';
import { startTestCore } from '../support/core-fixture';
import { DEMO_USERS, startKamailio, type KamailioServer } from '../support/kamailio';
import { SipPeer } from '../support/sip-peer';
import { startSipTap } from '../support/sip-tap';
import { sleep, waitFor } from '../support/wait-for';

/** Sends an INVITE without SDP and resolves with the caller's final status code. */
function invite(peer: SipPeer, target: string): Promise<number> {
  const core = peer.userAgent.userAgentCore;
  const uri = UserAgent.makeURI(target)!;
  const request = core.makeOutgoingRequestMessage('INVITE', uri, peer.userAgent.configuration.uri, uri, {});
  return new Promise((resolve) => {
    core.invite(request, {
      onAccept: (response) => resolve(response.message.statusCode ?? 0),
      onReject: (response) => resolve(response.message.statusCode ?? 0),
    });
  });
}

describe('reachability', () => {
  let server: KamailioServer;
  let caller: SipPeer;

  before(async () => {
    server = await startKamailio();
    caller = new SipPeer({ wsUrl: server.wsUrl, user: 'bob', domain: server.domain, password: server.users.bob! });
    await caller.start();
  });
  after(async () => {
    await caller?.stop();
    await server?.stop();
  });

  test('with no window in time, the caller gets 480 and the window was requested', async () => {
    const phone = startTestCore({ tuning: { rendererWaitMs: 1_000 } });
    try {
      const id = await phone.addAccount({ sipAddress: `alice@${server.domain}`, password: server.users.alice!, serverUrl: server.wsUrl });
      await phone.waitForStatus(id, 'registered');
      const startedAt = Date.now();
      assert.equal(await invite(caller, `sip:alice@${server.domain}`), 480);
      assert.ok(Date.now() - startedAt >= 900, 'the call was held for the renderer first');
      assert.equal(phone.windowRequests, 1);
    } finally {
      await phone.stop();
    }
  });

  test('Do not disturb turns calls away with the chosen code', async () => {
    const phone = startTestCore();
    try {
      const id = await phone.addAccount({ sipAddress: `alice@${server.domain}`, password: server.users.alice!, serverUrl: server.wsUrl });
      await phone.waitForStatus(id, 'registered');
      await phone.invoke('settings:update', { doNotDisturb: true });
      assert.equal(await invite(caller, `sip:alice@${server.domain}`), 486);
      await phone.invoke('settings:update', { doNotDisturbStatusCode: 603 });
      assert.equal(await invite(caller, `sip:alice@${server.domain}`), 603);
      assert.equal(phone.windowRequests, 0, 'no window pops up in Do not disturb');
    } finally {
      await phone.stop();
    }
  });

  test('a path that eats incoming requests shows Unreachable; the period is logged and kept across a restart', async () => {
    const tap = await startSipTap(server.wsUrl);
    const tuning = { reachabilityIntervalMs: 1_000, reachabilityTimeoutMs: 1_500 };
    const phone = startTestCore({ tuning });
    try {
      const id = await phone.addAccount({ sipAddress: `carol@${server.domain}`, password: server.users.carol!, serverUrl: tap.url });
      await phone.waitForStatus(id, 'registered');
      // The REGISTER still gets 200, but nothing sent to us arrives any more.
      tap.dropToClient((text) => !text.startsWith('SIP/2.0'));
      const unreachable = await phone.waitForStatus(id, 'unreachable', 6_000);
      assert.deepEqual(unreachable.status.kind === 'unreachable' && unreachable.status.detail, { code: 'probe-lost' });
      tap.dropToClient(undefined);
      await phone.waitForStatus(id, 'registered', 6_000);
      const period = phone.core.snapshot.unreachablePeriods.find((candidate) => candidate.accountId === id);
      assert.ok(period?.to, 'the period was closed when calls could reach us again');
      await phone.stop({ removeProfile: false });

      const restarted = startTestCore({ profileDir: phone.profileDir, tuning });
      try {
        const kept = restarted.core.snapshot.unreachablePeriods.find((candidate) => candidate.id === period.id);
        assert.deepEqual(kept && { from: kept.from, to: kept.to }, { from: period.from, to: period.to });
        await restarted.invoke('reachability:acknowledge', { id: period.id });
        assert.equal(restarted.core.snapshot.unreachablePeriods.find((candidate) => candidate.id === period.id)?.acknowledged, true);
      } finally {
        await restarted.stop();
      }
    } finally {
      await tap.close();
    }
  });

  test('100 accounts on one server: all registered, keep-alives flowing; removing the last stops everything', async () => {
    const users = Object.keys(DEMO_USERS).filter((user) => /^user\d{3}$/.test(user)).slice(0, 100);
    assert.equal(users.length, 100);
    const handlesBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
    const phone = startTestCore({ tuning: { keepAliveIntervalMs: 1_000, reachabilityIntervalMs: 600_000 } });
    try {
      const ids = [];
      for (const user of users) ids.push(await phone.addAccount({ sipAddress: `${user}@${server.domain}`, password: server.users[user]!, serverUrl: server.wsUrl }));
      await waitFor('all 100 registered', () => phone.core.snapshot.accounts.every((account) => account.status.kind === 'registered'), 30_000);
      const bytes = phone.core.keepAliveBytesSent;
      await sleep(2_500);
      assert.ok(phone.core.keepAliveBytesSent - bytes >= 100 * 16, 'every connection sent keep-alives');
      assert.ok(phone.core.snapshot.accounts.every((account) => account.status.kind === 'registered'), 'and all stayed registered');
      // A caller reaches one of them.
      assert.equal(await caller.request('OPTIONS', `sip:user042@${server.domain}`), 200);

      await Promise.all(ids.map((id) => phone.invoke('accounts:remove', { id })));
      await waitFor('every connection closed', () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length <= handlesBefore, 5_000);
      assert.equal(phone.core.isIdle, true, 'no connection, supervisor or timer is left');
    } finally {
      await phone.stop();
    }
  });
});
