/**
 * Registration over SIP's own transports (UDP, TCP) against a real
 * Kamailio: what the registrar and a peer observe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestCore } from '../support/core-fixture';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { SipPeer } from '../support/sip-peer';

describe('registration over UDP and TCP through a real Kamailio', () => {
  let kamailio: KamailioServer;
  let peer: SipPeer;

  before(async () => {
    kamailio = await startKamailio({ minExpires: 2, maxExpires: 4, defaultExpires: 4 });
    peer = new SipPeer({ wsUrl: kamailio.wsUrl, user: 'bob', domain: kamailio.domain, password: kamailio.users.bob! });
    await peer.start();
  });
  after(async () => {
    await peer?.stop();
    await kamailio?.stop();
  });

  for (const transport of ['udp', 'tcp'] as const) {
    test(`over ${transport.toUpperCase()}: registers, is reachable through the registrar, and stays registered across refreshes`, async () => {
      const phone = startTestCore({ tuning: { registerExpiresSec: 4 } });
      try {
        const port = transport === 'udp' ? kamailio.udpPort : kamailio.tcpPort;
        const id = await phone.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: `127.0.0.1:${port}`, transport });
        await phone.waitForStatus(id, 'registered');
        // A peer's OPTIONS to alice's address reaches main's agent over the new transport.
        assert.equal(await peer.request('OPTIONS', `sip:alice@${kamailio.domain}`), 200);
        // Expiry 4 s, refreshed before it runs out: after three lifetimes alice is still reachable.
        await new Promise((resolve) => setTimeout(resolve, 12_000));
        assert.equal(phone.account(id)?.status.kind, 'registered');
        assert.equal(await peer.request('OPTIONS', `sip:alice@${kamailio.domain}`), 200);
      } finally {
        await phone.stop();
      }
    });
  }
});
