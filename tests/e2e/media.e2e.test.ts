/**
 * Call media between two softphones through a real Kamailio: DTMF by both
 * methods as the peer observes it, 3xx redirects, a declined call's reason,
 * and the quality indicator with its summary in the history.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { dtmfListenerTrace, heardDtmfDigits, startDtmfListener } from '../support/dtmf-listener';
import { ALICE_TONE_HZ, BOB_TONE_HZ, startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { callPanel, dial, endCalls, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';
import { expectHears } from '../support/heard-levels';

async function chooseDtmfMethod(page: Page, accountName: string, optionLabel: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('listitem', { name: new RegExp(accountName) }).getByRole('button', { name: 'Edit' }).click();
  const advanced = page.getByRole('button', { name: 'Advanced' });
  if ((await advanced.getAttribute('aria-expanded')) !== 'true') await advanced.click();
  await page.getByLabel('Keypad tones (DTMF)').selectOption({ label: optionLabel });
  await page.getByRole('button', { name: 'Save' }).click();
}

describe('call media', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair();
  });
  after(async () => pair?.close());

  // A test that failed mid-call must not leave its call to the next one.
  afterEach(async () => {
    await Promise.all([endCalls(pair.alice.page), endCalls(pair.bob.page)]);
  });

  async function hangUpAndWait(): Promise<void> {
    const { alice, bob } = pair;
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 15_000 });
  }

  test('a connected call shows its quality; after hang-up both histories carry the summary', async () => {
    const { alice, bob } = pair;
    await pair.connectCall();
    const indicator = callPanel(alice.page).getByRole('button', { name: /^(Excellent|Good|Fair|Poor|Bad) \d\.\d$/ });
    await indicator.waitFor({ timeout: 15_000 });
    // Loopback, no loss: the E-model must call it excellent.
    assert.match((await indicator.textContent()) ?? '', /^Excellent 4\.\d$/);
    assert.match((await indicator.getAttribute('title')) ?? '', /^Jitter [\d.]+ ms, packet loss [\d.]+%, round trip [\d.]+ ms$/);
    await indicator.click();
    await callPanel(alice.page).getByText(/^Jitter [\d.]+ ms/).waitFor();
    await callPanel(bob.page).getByRole('button', { name: /^Excellent \d\.\d$/ }).waitFor({ timeout: 15_000 });
    await alice.screenshot('media-01-quality');
    await hangUpAndWait();

    for (const who of [alice, bob]) {
      const record = await waitFor(`${who.name}'s history entry`, () => who.phone.core.snapshot.history.at(-1));
      const quality = record.quality;
      assert.ok(quality, `${who.name}'s record carries a quality summary`);
      assert.ok(quality.samples >= 1 && quality.mosAvg >= 4.3 && quality.mosMin <= quality.mosAvg, JSON.stringify(quality));
      assert.ok(quality.packetLossPct < 1 && quality.jitterMaxMs < 50 && (quality.rttAvgMs ?? 0) < 50, JSON.stringify(quality));
    }
    await alice.page.getByRole('button', { name: 'History' }).click();
    await alice.page.getByRole('group', { name: 'Recent calls' }).getByRole('listitem').first().getByText(/^Quality Excellent \(MOS 4\.\d, lowest 4\.\d; jitter up to/).waitFor();
    await alice.screenshot('media-02-history-quality');
  });

  test('DTMF by SIP INFO: bob sees the digits alice sent with the keypad and the keyboard', async () => {
    const { alice, bob } = pair;
    await chooseDtmfMethod(alice.page, 'Alice', 'As SIP INFO messages');
    await waitFor('the method saved', () => alice.phone.core.snapshot.accounts[0]?.dtmfMethod === 'info');
    await pair.connectCall();

    await callPanel(alice.page).getByRole('button', { name: 'Keypad' }).click();
    const keypad = callPanel(alice.page).getByRole('group', { name: 'Keypad: send tones' });
    const axe = await new AxeBuilder({ page: alice.page }).include('.call-panel').analyze();
    assert.deepEqual(axe.violations.map((violation) => `${violation.id}: ${violation.help}`), [], 'the call panel with its keypad open passes axe');
    await keypad.getByRole('button', { name: '1', exact: true }).click();
    await keypad.getByRole('button', { name: '5', exact: true }).click();
    await alice.page.keyboard.press('Escape');
    await keypad.waitFor({ state: 'hidden' });
    await alice.page.keyboard.type('9#');
    await callPanel(alice.page).getByText('Sent: 159#').waitFor();
    await callPanel(bob.page).getByText('Received: 159#').waitFor();
    await bob.screenshot('media-03-dtmf-received');
    await hangUpAndWait();
  });

  test('DTMF by RFC 4733: bob hears alice\'s digits as tones, in order', async () => {
    const { alice, bob } = pair;
    await chooseDtmfMethod(alice.page, 'Alice', 'In the audio stream (RFC 4733, recommended)');
    await waitFor('the method saved', () => alice.phone.core.snapshot.accounts[0]?.dtmfMethod === 'rfc4733');
    await pair.connectCall();
    // Alice's microphone tone would mask the digits: mute it, as a user at an IVR would not need to.
    await callPanel(alice.page).getByRole('button', { name: 'Mute', exact: true }).click();
    await startDtmfListener(bob.page);
    await alice.page.keyboard.type('159#');
    await callPanel(alice.page).getByText('Sent: 159#').waitFor();
    const heard = await waitFor('bob to hear four digits', async () => {
      const digits = await heardDtmfDigits(bob.page);
      return digits.length >= 4 ? digits : undefined;
    }, 10_000).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; heard so far: "${await heardDtmfDigits(bob.page)}"; blocks (697 770 852 941 1209 1336 1477 1633 dB):\n${await dtmfListenerTrace(bob.page)}`);
    });
    assert.equal(heard, '159#');
    assert.equal(await callPanel(bob.page).getByText(/^Received:/).count(), 0, 'telephone-events are not SIP INFO');
    await hangUpAndWait();
  });

  test('a 302 from the server is followed: alice dials redirect-to-bob, bob rings and answers, both hear each other', async () => {
    const { alice, bob } = pair;
    await dial(alice.page, 'redirect-to-bob');
    await incomingPanel(bob.page).waitFor();
    await callPanel(alice.page).getByText(`Redirected to bob@${pair.kamailio.domain}`).waitFor();
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await Promise.all([expectHears(alice.page, BOB_TONE_HZ, 'alice'), expectHears(bob.page, ALICE_TONE_HZ, 'bob')]);
    await alice.screenshot('media-04-redirected');
    await hangUpAndWait();
  });

  test('180 reads "Ringing", 183 without audio reads "In progress"', async () => {
    const { alice, bob } = pair;
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).waitFor();
    await callPanel(alice.page).getByText('Ringing…', { exact: true }).waitFor();
    await callPanel(alice.page).getByRole('button', { name: 'Cancel' }).click();
    await incomingPanel(bob.page).waitFor({ state: 'hidden' });
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });

    // The server answers 183 itself and drops bob's 180: alice only ever learns of progress.
    await dial(alice.page, 'progress-to-bob');
    await incomingPanel(bob.page).waitFor();
    await callPanel(alice.page).getByText('In progress: the network is setting up the call…').waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; the call panel says: ${await callPanel(alice.page).innerText()}`);
    });
    assert.equal(await callPanel(alice.page).getByText('Ringing…').count(), 0);
    await callPanel(alice.page).getByRole('button', { name: 'Cancel' }).click();
    await incomingPanel(bob.page).waitFor({ state: 'hidden' });
  });

  test('a redirect loop ends the call with the reason in words', async () => {
    const { alice } = pair;
    await dial(alice.page, 'redirect-loop');
    await callPanel(alice.page).getByText('The call was redirected in a loop and could not reach anyone').waitFor();
    await callPanel(alice.page).getByRole('button', { name: 'Close' }).click();
    await callPanel(alice.page).waitFor({ state: 'detached' });
  });

  test('a 603 from the callee reads "Declined"', async () => {
    const { alice, bob } = pair;
    await bob.phone.invoke('settings:update', { doNotDisturb: true, doNotDisturbStatusCode: 603 });
    try {
      await dial(alice.page, 'bob');
      await callPanel(alice.page).getByText('Declined', { exact: true }).waitFor();
    } finally {
      await bob.phone.invoke('settings:update', { doNotDisturb: false });
    }
    const record = await waitFor('alice\'s history entry', () => [...alice.phone.core.snapshot.history].reverse().find((entry) => entry.outcome === 'declined'));
    assert.equal(record.direction, 'outgoing');
  });
});
