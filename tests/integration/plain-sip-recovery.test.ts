/**
 * Recovery over UDP and TCP, against a real Kamailio: a restarted server
 * gets its account back within seconds, and a frozen one is noticed by the
 * keep-alive (STUN over UDP, double-CRLF over TCP) within interval +
 * deadline and recovered after it thaws, the targets of the WebSocket path.
 * A UDP server restarted between keep-alives is noticed by the probe.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestCore } from '../support/core-fixture';
import { expectFrozenServerNoticed } from '../support/frozen-server';
import { startKamailio } from '../support/kamailio';
import { StatusHistory } from '../support/status-history';
import { sleep } from '../support/wait-for';

const keepAliveIntervalMs = 2_000;
const pongTimeoutMs = 2_000;

describe('recovery over UDP and TCP', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    test(`over ${transport.toUpperCase()}: a restarted server gets the account back within seconds`, async () => {
      const server = await startKamailio();
      const phone = startTestCore({ tuning: { keepAliveIntervalMs, pongTimeoutMs } });
      const history = new StatusHistory(phone.core);
      try {
        const port = transport === 'udp' ? server.udpPort : server.tcpPort;
        const id = await phone.addAccount({ sipAddress: `alice@${server.domain}`, password: server.users.alice!, serverUrl: `127.0.0.1:${port}`, transport });
        await phone.waitForStatus(id, 'registered');
        const outageStart = Date.now();
        await server.kill();
        await phone.waitForStatus(id, 'unreachable', keepAliveIntervalMs + pongTimeoutMs + 3_000);
        await sleep(2_000);
        await server.start();
        const backAt = Date.now();
        await phone.waitForStatus(id, 'registered', 10_000);
        const recoveredIn = history.firstAt(id, 'registered', outageStart)! - backAt;
        assert.ok(recoveredIn < 5_000, `registered again ${recoveredIn} ms after the server was back`);
      } finally {
        await phone.stop();
        await server.stop();
      }
    });

    test(`over ${transport.toUpperCase()}: a frozen server is Unreachable within interval + deadline, and recovered after it thaws`, async () => {
      const server = await startKamailio();
      const phone = startTestCore({ tuning: { keepAliveIntervalMs, pongTimeoutMs, reachabilityIntervalMs: 600_000 } });
      try {
        const port = transport === 'udp' ? server.udpPort : server.tcpPort;
        const id = await phone.addAccount({ sipAddress: `dave@${server.domain}`, password: server.users.dave!, serverUrl: `127.0.0.1:${port}`, transport });
        await phone.waitForStatus(id, 'registered');
        // The server must first have answered a keep-alive, or silence proves nothing.
        await sleep(keepAliveIntervalMs + 500);
        await expectFrozenServerNoticed(phone, id, server, { keepAliveIntervalMs, pongTimeoutMs });
      } finally {
        await phone.stop();
        await server.stop();
      }
    });
  }

  test('over UDP: a server restarted between keep-alives forgets our binding; the reachability probe notices and the account registers again', async () => {
    const server = await startKamailio();
    // Keep-alives far apart: only the probe can notice (over UDP no connection closes).
    const probeIntervalMs = 3_000;
    const probeTimeoutMs = 1_500;
    const phone = startTestCore({ tuning: { keepAliveIntervalMs: 600_000, reachabilityIntervalMs: probeIntervalMs, reachabilityTimeoutMs: probeTimeoutMs } });
    const history = new StatusHistory(phone.core);
    try {
      const id = await phone.addAccount({ sipAddress: `carol@${server.domain}`, password: server.users.carol!, serverUrl: `127.0.0.1:${server.udpPort}`, transport: 'udp' });
      await phone.waitForStatus(id, 'registered');
      const restartedAt = Date.now();
      await server.kill();
      await server.start();
      await phone.waitForStatus(id, 'unreachable', probeIntervalMs + probeTimeoutMs + 5_000);
      await phone.waitForStatus(id, 'registered', 10_000);
      assert.deepEqual(history.kindsSince(id, restartedAt), ['unreachable', 'registered'], 'the lost binding shows as Unreachable, then Registered again');
    } finally {
      await phone.stop();
      await server.stop();
    }
  });
});
