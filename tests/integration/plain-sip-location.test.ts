/**
 * Where an account's SIP goes: RFC 3263 location (NAPTR, SRV, A) through a
 * DNS server on loopback, and the words a user gets when the name, the port
 * or the transport is wrong.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { statusDetailWords } from '../../app/status-words';
import { sipConnectionFactory } from '../../main/core/sip-transport-connection';
import { i18n, initI18n, type Translate } from '../../renderer/i18n/i18n';
import { startTestCore } from '../support/core-fixture';
import { freePort, startKamailio, type KamailioServer } from '../support/kamailio';
import { startTinyDnsServer, type DnsRecord, type TinyDnsServer } from '../support/tiny-dns-server';

describe('finding the SIP server (RFC 3263) and saying what is wrong', () => {
  let kamailio: KamailioServer;
  let englishT: Translate;
  before(async () => {
    initI18n('en');
    const fixed = i18n.getFixedT('en');
    englishT = (key, options) => String(fixed(key, options ?? {}));
    kamailio = await startKamailio();
  });
  after(async () => {
    await kamailio?.stop();
  });

  async function registerWithDns(records: Record<string, readonly DnsRecord[]>, transport: 'auto' | 'udp' | 'tcp' = 'auto'): Promise<{ dns: TinyDnsServer; kind: string; detail: unknown }> {
    const dns = await startTinyDnsServer(records);
    const phone = startTestCore({ tuning: { createConnection: sipConnectionFactory({ dnsServer: dns.address }) } });
    try {
      const id = await phone.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: '', transport });
      const view = await phone.waitForStatusIn(id, ['registered', 'failed', 'unreachable']);
      return { dns, kind: view.status.kind, detail: 'detail' in view.status ? view.status.detail : undefined };
    } finally {
      await phone.stop();
      await dns.close();
    }
  }

  test('Auto follows NAPTR to the TCP SRV record and its A record, and registers over TCP', async () => {
    const domain = kamailio.domain;
    const { dns, kind } = await registerWithDns({
      [domain]: [
        { type: 'NAPTR', order: 10, preference: 10, flags: 's', service: 'SIP+D2T', replacement: `_sip._tcp.${domain}` },
        { type: 'NAPTR', order: 20, preference: 10, flags: 's', service: 'SIP+D2U', replacement: `_sip._udp.${domain}` },
      ],
      [`_sip._tcp.${domain}`]: [{ type: 'SRV', priority: 10, weight: 0, port: kamailio.tcpPort, target: `sip1.${domain}` }],
      [`_sip._udp.${domain}`]: [{ type: 'SRV', priority: 10, weight: 0, port: kamailio.udpPort, target: `sip1.${domain}` }],
      [`sip1.${domain}`]: [{ type: 'A', address: '127.0.0.1' }],
    });
    assert.equal(kind, 'registered');
    assert.deepEqual(dns.questions.slice(0, 3), [`NAPTR ${domain}`, `SRV _sip._tcp.${domain}`, `A sip1.${domain}`]);
  });

  test('without NAPTR, Auto tries SRV for TLS, TCP, then UDP, and registers over the one that exists', async () => {
    const domain = kamailio.domain;
    const { dns, kind } = await registerWithDns({
      [domain]: [],
      [`_sip._udp.${domain}`]: [{ type: 'SRV', priority: 10, weight: 0, port: kamailio.udpPort, target: `sip2.${domain}` }],
      [`sip2.${domain}`]: [{ type: 'A', address: '127.0.0.1' }],
    });
    assert.equal(kind, 'registered');
    assert.deepEqual(dns.questions.slice(0, 5), [`NAPTR ${domain}`, `SRV _sips._tcp.${domain}`, `SRV _sip._tcp.${domain}`, `SRV _sip._udp.${domain}`, `A sip2.${domain}`]);
  });

  for (const transport of ['udp', 'tcp'] as const) {
    test(`over ${transport.toUpperCase()}: when the preferred SRV target refuses, the next one in priority order is tried, and the account registers there`, async () => {
      const domain = kamailio.domain;
      const deadPort = await freePort();
      const livePort = transport === 'udp' ? kamailio.udpPort : kamailio.tcpPort;
      const { dns, kind } = await registerWithDns(
        {
          [`_sip._${transport}.${domain}`]: [
            { type: 'SRV', priority: 20, weight: 0, port: livePort, target: `backup.${domain}` },
            { type: 'SRV', priority: 10, weight: 0, port: deadPort, target: `primary.${domain}` },
          ],
          [`primary.${domain}`]: [{ type: 'A', address: '127.0.0.1' }],
          [`backup.${domain}`]: [{ type: 'A', address: '127.0.0.1' }],
        },
        transport,
      );
      assert.equal(kind, 'registered');
      assert.ok(dns.questions.includes(`A primary.${domain}`) && dns.questions.includes(`A backup.${domain}`));
    });
  }

  test('over UDP: when the preferred SRV target answers REGISTER with 503, the next one is tried, and the account registers there', async () => {
    const domain = kamailio.domain;
    // A server that takes every request and answers 503 Service Unavailable.
    const busy = createSocket('udp4');
    busy.on('message', (data, from) => {
      const head = data.toString('utf8').split('\r\n\r\n')[0]!.split('\r\n');
      if (!/^REGISTER /.test(head[0] ?? '')) return;
      const copy = head.filter((line) => /^(via|v|from|f|to|t|call-id|i|cseq)\s*:/i.test(line)).map((line) => (/^(to|t)\s*:/i.test(line) ? `${line};tag=busy` : line));
      busy.send(['SIP/2.0 503 Service Unavailable', ...copy, 'Content-Length: 0', '', ''].join('\r\n'), from.port, from.address);
    });
    await new Promise<void>((resolve) => busy.bind(0, '127.0.0.1', resolve));
    const dns = await startTinyDnsServer({
      [`_sip._udp.${domain}`]: [
        { type: 'SRV', priority: 10, weight: 0, port: busy.address().port, target: `primary.${domain}` },
        { type: 'SRV', priority: 20, weight: 0, port: kamailio.udpPort, target: `backup.${domain}` },
      ],
      [`primary.${domain}`]: [{ type: 'A', address: '127.0.0.1' }],
      [`backup.${domain}`]: [{ type: 'A', address: '127.0.0.1' }],
    });
    const phone = startTestCore({ tuning: { createConnection: sipConnectionFactory({ dnsServer: dns.address }) } });
    try {
      const id = await phone.addAccount({ sipAddress: `alice@${domain}`, password: kamailio.users.alice!, serverUrl: '', transport: 'udp' });
      await phone.waitForStatus(id, 'registered', 15_000);
    } finally {
      await phone.stop();
      await dns.close();
      busy.close();
    }
  });

  test('a name DNS does not know ends in words naming it', async () => {
    const { kind, detail } = await registerWithDns({});
    assert.notEqual(kind, 'registered');
    assert.deepEqual(detail, { code: 'host-unknown', params: { host: kamailio.domain } });
    assert.match(statusDetailWords(englishT, detail as never), new RegExp(`${kamailio.domain.replace('.', '\\.')} was not found`));
  });

  for (const transport of ['udp', 'tcp'] as const) {
    test(`a ${transport.toUpperCase()} port nothing listens on ends in words saying to check port and transport`, async () => {
      const port = await freePort();
      const phone = startTestCore();
      try {
        const id = await phone.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: `127.0.0.1:${port}`, transport });
        const view = await phone.waitForStatusIn(id, ['failed', 'unreachable']);
        const detail = 'detail' in view.status ? view.status.detail : undefined;
        assert.deepEqual(detail, { code: 'port-refused', params: { server: `127.0.0.1:${port}`, transport: transport.toUpperCase() } });
        assert.match(statusDetailWords(englishT, detail!), /Check the port and the transport/);
      } finally {
        await phone.stop();
      }
    });
  }
});
