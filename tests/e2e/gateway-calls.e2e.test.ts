/**
 * Our softphone over SIP/UDP with its media through the media gateway, the
 * app's own wiring (CorePorts.createSdpTranslator): two softphones in
 * Chromium, each account over UDP to a real Kamailio, each call leg's
 * WebRTC ended by the gateway and plain RTP between the gateways; and one
 * of them calling baresip (an independent plain-SIP phone) over UDP. Each
 * side hears the other's tone. And a SIPp phone that answers a hold
 * re-INVITE with 481: the call ends instead of staying connected.
 *
 *   npm run build --silent
 *   bash scripts/in-loopback-namespace.sh node --import tsx --test --test-concurrency=1 tests/e2e/gateway-calls.e2e.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MediaGatewayClient } from '../../main/core/media-gateway/media-gateway-client';
import { startBaresip } from '../support/baresip-peer';
import { AUDIBLE_LEVEL, waitUntilHeard } from '../support/heard-levels';
import { freePort, type KamailioServer } from '../support/kamailio';
import { runSipp } from '../support/sipp';
import type { SoftphoneUnderTest } from '../support/softphone-under-test';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';
import { startUdpSoftphonePair, type UdpSoftphonePair } from '../support/udp-softphone-pair';
import { sleep, waitFor } from '../support/wait-for';

const ALICE_HZ = 600;
const BOB_HZ = 1_500;

let kamailio: KamailioServer;
let gateway: MediaGatewayClient;
let alice: SoftphoneUnderTest;
let bob: SoftphoneUnderTest;
let pair: UdpSoftphonePair | undefined;

before(async () => {
  pair = await startUdpSoftphonePair(ALICE_HZ, BOB_HZ);
  ({ kamailio, gateway, alice, bob } = pair);
});

after(async () => {
  await pair?.close();
});

test('alice calls bob, both over UDP with the media gateway: each hears the other’s tone', async () => {
  await dial(alice.page, 'bob');
  await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
  await callPanel(alice.page).getByText('Connected').waitFor();
  await callPanel(bob.page).getByText('Connected').waitFor();
  assert.ok((await waitUntilHeard(alice.page, BOB_HZ, 'alice')) > AUDIBLE_LEVEL);
  assert.ok((await waitUntilHeard(bob.page, ALICE_HZ, 'bob')) > AUDIBLE_LEVEL);
  await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
  await callPanel(alice.page).getByText('Connected').waitFor({ state: 'detached' });
});

test('alice (UDP, media gateway) calls baresip over UDP: alice hears its sine, baresip hears alice', async () => {
  const baresip = await startBaresip({ user: 'carol', password: kamailio.users.carol ?? '', domain: kamailio.domain, proxy: `127.0.0.1:${kamailio.udpPort}`, toneHz: 1_000 });
  try {
    await dial(alice.page, 'carol');
    await callPanel(alice.page)
      .getByText('Connected')
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) =>
        assert.fail(`no connected call with baresip (${String(error).split('\n')[0]}); alice shows: ${await callPanel(alice.page).innerText().catch(() => '?')}; gateway: ${JSON.stringify(await gateway.stats())}\n${baresip.output().slice(-3000)}`),
      );
    assert.ok((await waitUntilHeard(alice.page, 1_000, 'alice')) > AUDIBLE_LEVEL, 'alice hears baresip');
    await baresip.waitToHear(ALICE_HZ);
  } finally {
    await baresip.stop();
  }
});

test('a phone that lost the dialog answers alice\'s hold with 481: the call ends (RFC 3261 §12.2.1.2) and is in history, not left connected', async () => {
  const port = await freePort();
  const phone = runSipp('uas-reinvite-481.xml', `127.0.0.1:${kamailio.udpPort}`, { service: 'lost', localPort: port, timeoutSec: 30 });
  await sleep(300); // SIPp binds its port
  await dial(alice.page, `sip:lost@127.0.0.1:${port}`);
  await callPanel(alice.page).getByText('Connected').waitFor({ timeout: 15_000 });
  await callPanel(alice.page).getByRole('button', { name: 'Hold' }).click();
  await callPanel(alice.page).getByText('Connected').waitFor({ state: 'detached', timeout: 15_000 });
  const run = await phone;
  assert.equal(run.exitCode, 0, `the phone got alice's BYE after its 481:\n${run.output.slice(-3_000)}`);
  await waitFor('the call in history', () => alice.phone.core.snapshot.history.find((call) => /lost@127\.0\.0\.1/.test(call.remoteUri)));
});
