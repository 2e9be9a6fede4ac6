/**
 * Our softphone against baresip, an independent plain-SIP phone, both
 * registered on a real Kamailio: our calls go through the media gateway
 * (the app's own wiring), baresip plays a sine and records what it hears.
 * Over UDP: baresip calls us, DTMF both ways as RFC 4733 events (ours read
 * from its events, its digits heard in our audio), hold and resume as
 * baresip sees them, and a blind transfer of its call to a second baresip.
 * Over TLS with SDES-SRTP required on both sides: calls both ways. Each side
 * checks the other's tone by its frequency.
 *
 *   npm run build --silent
 *   bash scripts/in-loopback-namespace.sh node --import tsx --test --test-concurrency=1 tests/e2e/baresip-calls.e2e.test.ts
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { gatewayTranslatorFactory } from '../../main/core/media-gateway/account-media';
import { MediaGatewayClient, nodeGatewayLauncher } from '../../main/core/media-gateway/media-gateway-client';
import { startBaresip, type BaresipPeer, type BaresipPeerOptions } from '../support/baresip-peer';
import { dtmfListenerTrace, heardDtmfDigits, startDtmfListener } from '../support/dtmf-listener';
import { AUDIBLE_LEVEL, heardLevels, waitUntilHeard } from '../support/heard-levels';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { sniffRtpTo } from '../support/loopback-rtp-sniffer';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { callPanel, callRow, dial, endCalls, incomingPanel } from '../support/ui-actions';
import { sleep, waitFor } from '../support/wait-for';

const OUR_HZ = 600;
// Far from the DTMF rows and columns (697–941 and 1209–1633 Hz): at 1 kHz, baresip's tone leaked into the
// 941 Hz filter of alice's DTMF listener as a digit ended and made a "*" of the transition.
const BARESIP_HZ = 2_000;
const SECOND_BARESIP_HZ = 1_400;

let kamailio: KamailioServer;
let certificates: TestCertificates;
/** baresip's TLS certificate: the test certificate followed by its key, one PEM file. */
let baresipPem: string;
let gateway: MediaGatewayClient;

before(async () => {
  assertE2ePrerequisites();
  certificates = makeTestCertificates(['sip.softphone.test']);
  baresipPem = join(tmpdir(), `baresip-tls-${process.pid}.pem`);
  writeFileSync(baresipPem, readFileSync(certificates.certificatePath, 'utf8') + readFileSync(certificates.keyPath, 'utf8'));
  kamailio = await startKamailio({ tls: { certificatePath: certificates.certificatePath, keyPath: certificates.keyPath } });
  gateway = new MediaGatewayClient({ launcher: nodeGatewayLauncher, process: { bindAddress: '127.0.0.1', keepAliveMs: 10_000, iceAdditionalHostAddresses: ['127.0.0.1'] } });
  await gateway.ready();
});

after(async () => {
  gateway?.stop();
  await kamailio?.stop();
  certificates?.remove();
  if (baresipPem) rmSync(baresipPem, { force: true });
});

function baresipOver(transport: 'udp' | 'tls', user: string, toneHz: number, extra: Partial<BaresipPeerOptions> = {}): Promise<BaresipPeer> {
  const port = transport === 'udp' ? kamailio.udpPort : kamailio.tlsPort;
  return startBaresip({
    user,
    password: kamailio.users[user]!,
    domain: kamailio.domain,
    proxy: `127.0.0.1:${port}`,
    transport,
    toneHz,
    ...(transport === 'tls' ? { certificateWithKeyPath: baresipPem, mediaEncryption: 'srtp-mand' as const } : {}),
    ...extra,
  });
}

async function connected(page: SoftphoneUnderTest['page'], baresip: BaresipPeer, timeout = 15_000): Promise<void> {
  await callPanel(page)
    .getByText('Connected')
    .waitFor({ timeout })
    .catch(async (error: unknown) =>
      assert.fail(`no connected call with baresip (${String(error).split('\n')[0]}); the call panel shows: ${await callPanel(page).innerText().catch(() => '?')}\n${baresip.output().slice(-3_000)}`),
    );
}

/** Everything baresip printed after `mark` (a length of its output). */
const outputSince = (baresip: BaresipPeer, mark: number): string => baresip.output().slice(mark);

describe('baresip over UDP', () => {
  let alice: SoftphoneUnderTest;
  let carol: BaresipPeer;

  before(async () => {
    alice = await startSoftphone('alice', OUR_HZ, undefined, { createSdpTranslator: gatewayTranslatorFactory(gateway) });
    const id = await alice.phone.addAccount({ displayName: 'Alice', sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: `127.0.0.1:${kamailio.udpPort}`, transport: 'udp' });
    await alice.phone.waitForStatus(id, 'registered');
    // Its SIP trace shows the SDP of every re-INVITE it gets (hold).
    carol = await baresipOver('udp', 'carol', BARESIP_HZ, { sipTrace: true });
  });
  after(async () => {
    await carol?.stop();
    await alice?.close();
  });
  afterEach(async () => {
    await carol.control.command('hangup').catch(() => undefined);
    await endCalls(alice.page);
  });

  test('baresip calls us over UDP: alice answers, each hears the other’s tone, alice hears its RFC 4733 DTMF, and its hang-up ends the call', async () => {
    await carol.control.command('dial', `sip:alice@${kamailio.domain}`);
    await incomingPanel(alice.page).getByRole('button', { name: 'Answer' }).click({ timeout: 15_000 });
    await connected(alice.page, carol);
    await waitUntilHeard(alice.page, BARESIP_HZ, 'alice');
    await carol.waitToHear(OUR_HZ);
    await startDtmfListener(alice.page);
    for (const digit of ['4', '7', '#']) {
      await carol.control.command('sndcode', digit);
      await sleep(300);
    }
    await waitFor('alice to hear baresip’s DTMF 47#', async () => (await heardDtmfDigits(alice.page)).includes('47#'), 10_000).catch(async () =>
      assert.fail(`alice heard DTMF "${await heardDtmfDigits(alice.page)}" from baresip, expected "47#"\n${await dtmfListenerTrace(alice.page)}`),
    );
    await carol.control.command('hangup');
    await callPanel(alice.page).getByText('Connected').waitFor({ state: 'detached', timeout: 10_000 });
  });

  test('our DTMF reaches baresip as RFC 4733 events; hold and resume: baresip is offered sendonly and then sendrecv, alice stops hearing it, and after resume each hears the other’s tone again', async () => {
    const { page } = alice;
    const calls = carol.control.events.length;
    await dial(page, 'carol');
    await connected(page, carol);
    await carol.control.waitForEvent('CALL_ESTABLISHED', { from: calls });
    await carol.waitToHear(OUR_HZ);

    await callPanel(page).getByRole('button', { name: 'Keypad' }).click();
    const keypad = page.getByRole('group', { name: 'Keypad: send tones' });
    for (const digit of ['1', '5', '9', '#']) await keypad.getByRole('button', { name: digit, exact: true }).click({ noWaitAfter: true });
    await callPanel(page).getByText('Sent: 159#').waitFor();
    await waitFor(`baresip to receive 159# (it received "${carol.receivedDigits()}")`, () => carol.receivedDigits().endsWith('159#'), 10_000).catch(() =>
      assert.fail(`baresip received DTMF "${carol.receivedDigits()}", expected "159#"\n${carol.output().slice(-3_000)}`),
    );
    await page.keyboard.press('Escape');

    // Hold as baresip sees it, in its SIP trace: the re-INVITE it got, then its 200.
    const beforeHold = carol.output().length;
    await callPanel(page).getByRole('button', { name: 'Hold' }).click();
    await callPanel(page).getByRole('button', { name: 'Resume' }).waitFor();
    await waitFor('baresip to answer the hold re-INVITE', () => /INVITE sip:[\s\S]*?a=(sendonly|inactive)[\s\S]*?SIP\/2\.0 200 [\s\S]*?a=(recvonly|inactive)/.test(outputSince(carol, beforeHold)), 10_000).catch(() =>
      assert.fail(`baresip was not offered sendonly or inactive, or did not answer recvonly or inactive:\n${outputSince(carol, beforeHold).slice(-4_000)}`),
    );
    await waitFor(`alice to stop hearing baresip while held`, async () => (await heardLevels(page, [BARESIP_HZ], { durationMs: 600 }))[BARESIP_HZ]!.mean < AUDIBLE_LEVEL, 10_000);

    // baresip 1.0 stops writing what it decodes after any re-INVITE (two baresips do the same), so what reaches its
    // RTP port after resume is read off the wire and decoded as it would.
    const carolRtpPort = Number(/SIP\/2\.0 200 [\s\S]*?m=audio (\d+)/.exec(outputSince(carol, beforeHold))?.[1]);
    assert.ok(carolRtpPort > 0, `baresip's RTP port in its answer to the hold:\n${outputSince(carol, beforeHold).slice(-3_000)}`);
    const atCarol = await sniffRtpTo(carolRtpPort);
    try {
      const beforeResume = carol.output().length;
      await callPanel(page).getByRole('button', { name: 'Resume' }).click();
      await waitFor('baresip to answer the resuming re-INVITE', () => /INVITE sip:[\s\S]*?a=sendrecv[\s\S]*?SIP\/2\.0 200 [\s\S]*?a=sendrecv/.test(outputSince(carol, beforeResume)), 10_000).catch(() =>
        assert.fail(`baresip was not offered sendrecv again, or did not answer sendrecv:\n${outputSince(carol, beforeResume).slice(-4_000)}`),
      );
      const resumedAt = atCarol.packets.length;
      await waitUntilHeard(page, BARESIP_HZ, 'alice after resume');
      const heard = await waitFor('baresip to get alice’s tone after resume', () => {
        const tone = atCarol.heardTone(resumedAt);
        return tone.packets >= 50 && Math.abs(tone.frequencyHz - OUR_HZ) <= 20 && tone.share > 0.5 ? tone : undefined;
      }, 10_000).catch(() => atCarol.heardTone(resumedAt));
      assert.ok(Math.abs(heard.frequencyHz - OUR_HZ) <= 20 && heard.share > 0.5, `baresip got ${heard.frequencyHz} Hz (share ${heard.share.toFixed(2)}, ${heard.packets} PCMU packets) after resume, expected ${OUR_HZ} Hz`);
    } finally {
      atCarol.stop();
    }
  });

  test('a blind transfer of baresip’s call: baresip calls the target, who hears it, and alice’s call ends', async () => {
    const dave = await baresipOver('udp', 'dave', SECOND_BARESIP_HZ);
    try {
      const { page } = alice;
      await dial(page, 'carol');
      await connected(page, carol);
      await waitUntilHeard(page, BARESIP_HZ, 'alice');
      const daveEvents = dave.control.events.length;
      await callRow(page, /carol/i).getByRole('button', { name: 'Transfer', exact: true }).click();
      await callRow(page, /carol/i).getByLabel('Transfer to').fill('dave');
      await callRow(page, /carol/i).getByRole('button', { name: 'Transfer now' }).click();
      await dave.control.waitForEvent('CALL_ESTABLISHED', { from: daveEvents, where: (event) => (event.peeruri ?? '').includes('carol') });
      await dave.waitToHear(BARESIP_HZ);
      await callRow(page, /carol/i).getByText(/Transferred to dave@softphone\.test/).waitFor({ timeout: 15_000 });
      await callPanel(page).getByText('Connected').waitFor({ state: 'detached', timeout: 15_000 });
    } finally {
      await dave.stop();
    }
  });
});

describe('baresip over TLS with SDES-SRTP required', () => {
  let bob: SoftphoneUnderTest;
  let erin: BaresipPeer;

  before(async () => {
    bob = await startSoftphone('bob', OUR_HZ, undefined, { createSdpTranslator: gatewayTranslatorFactory(gateway) });
    const id = await bob.phone.addAccount({
      displayName: 'Bob TLS',
      sipAddress: `bob@${kamailio.domain}`,
      password: kamailio.users.bob!,
      serverUrl: `127.0.0.1:${kamailio.tlsPort}`,
      transport: 'tls',
      trustedCertificateSha256: certificates.fingerprint256,
      mediaEncryption: 'sdes-required',
    });
    await bob.phone.waitForStatus(id, 'registered');
    erin = await baresipOver('tls', 'user001', BARESIP_HZ);
  });
  after(async () => {
    await erin?.stop();
    await bob?.close();
  });
  afterEach(async () => {
    await erin.control.command('hangup').catch(() => undefined);
    await endCalls(bob.page);
  });

  for (const direction of ['bob calls baresip', 'baresip calls bob'] as const) {
    test(`${direction} over TLS, SRTP with SDES keys on both sides: each hears the other’s tone`, async () => {
      const from = erin.control.events.length;
      if (direction === 'bob calls baresip') {
        await dial(bob.page, 'user001');
      } else {
        await erin.control.command('dial', `sip:bob@${kamailio.domain}`);
        await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click({ timeout: 15_000 });
      }
      await connected(bob.page, erin);
      // baresip's srtp-mand takes RTP/SAVP only and reports the suite it agreed on.
      const menc = await erin.control.waitForEvent('CALL_MENC', { from });
      assert.match(menc.param ?? '', /AES_CM_128_HMAC_SHA1_80/);
      await waitUntilHeard(bob.page, BARESIP_HZ, 'bob');
      await erin.waitToHear(OUR_HZ);
    });
  }
});
