/**
 * Hostile bytes on the new transports never crash main or wedge an
 * account: garbage datagrams, STUN-looking junk, a stream whose
 * Content-Length promises more than ever comes, an endless header.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { startTestCore } from '../support/core-fixture';
import { startPlainSipRegistrar } from '../support/plain-sip-registrar';
import { sleep, waitFor } from '../support/wait-for';

describe('hostile input over UDP and TCP', () => {
  test('over UDP: garbage, truncated SIP and STUN-shaped junk are dropped; the account stays registered and keeps refreshing', async () => {
    const registrar = await startPlainSipRegistrar();
    const phone = startTestCore({ tuning: { registerExpiresSec: 60 } });
    try {
      const id = await phone.addAccount({ sipAddress: 'alice@softphone.test', password: 'x', serverUrl: `127.0.0.1:${registrar.port}`, transport: 'udp' });
      await phone.waitForStatus(id, 'registered');
      const junk: (Buffer | string)[] = [
        randomBytes(1200),
        Buffer.concat([Buffer.from([0x01, 0x01, 0xff, 0xff, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]), // a STUN answer with a length past its end
        Buffer.from([0x00, 0x01]),
        'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP',
        'INVITE sip:alice@127.0.0.1 SIP/2.0\r\nContent-Length: 99999\r\n\r\nv=0',
        '\r\n\r\n',
        Buffer.alloc(0),
        'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKnothing\r\nCSeq: 1 REGISTER\r\nCall-ID: x\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nContent-Length: 0\r\n\r\n',
      ];
      for (let round = 0; round < 20; round += 1) for (const bytes of junk) registrar.sendRaw(bytes);
      await sleep(500);
      const before = registrar.registers;
      assert.equal(phone.account(id)?.status.kind, 'registered');
      await phone.core.notifySystemEvent('resume'); // registers again at once: the socket still works
      await waitFor('another REGISTER answered', () => registrar.registers > before);
      assert.equal(phone.account(id)?.status.kind, 'registered');
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  for (const [what, bytes] of [
    ['a Content-Length that promises more than ever comes', 'OPTIONS sip:alice@127.0.0.1 SIP/2.0\r\nContent-Length: 5000\r\n\r\nonly this'],
    ['a header section that never ends', `SIP/2.0 200 OK\r\nX-Junk: ${'a'.repeat(40_000)}`],
  ] as const) {
    test(`over TCP: ${what} costs that connection only: a new one registers`, async () => {
      const registrar = await startPlainSipRegistrar();
      const phone = startTestCore({ tuning: { keepAliveIntervalMs: 1_000, pongTimeoutMs: 1_000 } });
      try {
        const id = await phone.addAccount({ sipAddress: 'alice@softphone.test', password: 'x', serverUrl: `127.0.0.1:${registrar.port}`, transport: 'tcp' });
        await phone.waitForStatus(id, 'registered');
        assert.equal(registrar.connections, 1);
        registrar.sendRaw(bytes);
        await waitFor('a new connection', () => registrar.connections >= 2, 8_000);
        await phone.waitForStatus(id, 'registered');
      } finally {
        await phone.stop();
        await registrar.close();
      }
    });
  }
});
