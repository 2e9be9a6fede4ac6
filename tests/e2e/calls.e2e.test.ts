/**
 * Two softphones, each its own core + renderer + Chromium, calling each
 * other through a real Kamailio, with real WebRTC audio: each side's fake
 * microphone plays its own tone and each side checks it hears the other's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ALICE_TONE_HZ, BOB_TONE_HZ, startTappedPair, type TappedPair } from '../support/registered-pair';
import type { SipTap } from '../support/sip-tap';
import type { SoftphoneUnderTest } from '../support/softphone-under-test';
import { waitFor } from '../support/wait-for';
import { callPanel, dial, expectAccountStatus, incomingPanel } from '../support/ui-actions';
import { expectHears } from '../support/heard-levels';

describe('calls between two softphones through Kamailio', () => {
  let pair: TappedPair;
  let alice: SoftphoneUnderTest;
  let bob: SoftphoneUnderTest;
  /** What crosses alice's connection, as the server sees it. */
  let aliceWire: SipTap;

  before(async () => {
    pair = await startTappedPair();
    aliceWire = pair.aliceWire;
    ({ alice, bob } = pair);
  });

  after(async () => {
    await pair?.close();
  });

  test('alice calls bob, bob answers, each hears the other, alice hangs up', async () => {
    await alice.page.getByRole('button', { name: 'Dial' }).click();
    await alice.screenshot('02-idle');
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).waitFor();
    await incomingPanel(bob.page).getByText(/alice/i).first().waitFor();
    await callPanel(alice.page).getByText('Ringing').waitFor();
    await bob.screenshot('03-incoming-ringing');
    await alice.screenshot('04-outgoing-ringing');

    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await callPanel(bob.page).getByText('Connected').waitFor();
    await incomingPanel(bob.page).waitFor({ state: 'hidden' });

    await Promise.all([expectHears(alice.page, BOB_TONE_HZ, 'alice'), expectHears(bob.page, ALICE_TONE_HZ, 'bob')]);
    await alice.screenshot('05-in-call');

    // The offer carries Opus and G.711 (PCMU, PCMA), and one connection carried both REGISTER and INVITE.
    const invite = aliceWire.messages.find((m) => m.direction === 'to-server' && m.text.startsWith('INVITE '));
    assert.ok(invite, 'the INVITE went out on the account connection owned by main');
    for (const codec of ['opus/48000', 'PCMU/8000', 'PCMA/8000']) assert.match(invite.text, new RegExp(codec, 'i'));
    assert.ok(aliceWire.count('REGISTER') >= 1);

    // Main hears about the call from the renderer (tray, "don't quit during a call").
    assert.equal(alice.phone.core.snapshot.calls[0]?.phase, 'connected');

    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(bob.page).getByText('Call ended').waitFor();
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 10_000 });
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await alice.page.locator('audio.remote-audio').count(), 0, 'the remote audio element is released');
  });

  test('bob declines: alice sees "Busy"', async () => {
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(alice.page).getByText('Busy').waitFor();
    await incomingPanel(bob.page).waitFor({ state: 'hidden' });
    await callPanel(alice.page).getByRole('button', { name: 'Close' }).click();
    await callPanel(alice.page).waitFor({ state: 'detached' });
  });

  test('alice cancels while it rings: bob stops ringing', async () => {
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).waitFor();
    await callPanel(alice.page).getByRole('button', { name: 'Cancel' }).click();
    await incomingPanel(bob.page).waitFor({ state: 'hidden' });
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('calling a user who is not registered shows the reason in words', async () => {
    await dial(alice.page, 'dave');
    await callPanel(alice.page).getByText(/Not found/).waitFor();
    await alice.screenshot('06-call-failed-not-found');
  });

  test('a reload never drops the registration, and calls still ring afterwards', async () => {
    const registersBefore = aliceWire.count('REGISTER');
    await alice.page.reload();
    await expectAccountStatus(alice.page, 'Alice', 'Registered');
    assert.equal(aliceWire.count('REGISTER'), registersBefore, 'no re-registration was needed');
    await dial(bob.page, 'alice');
    await incomingPanel(alice.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(bob.page).getByText('Busy').waitFor();
  });

  test('with no window open, an incoming call is held, the window is requested, and it rings once a window attaches', async () => {
    await alice.closeWindow();
    const requestsBefore = alice.phone.windowRequests;
    await dial(bob.page, 'alice');
    await waitFor('the core to ask for a window', () => alice.phone.windowRequests > requestsBefore);
    const reopened = await alice.openWindow();
    await incomingPanel(reopened).getByRole('button', { name: 'Answer' }).click();
    await callPanel(bob.page).getByText('Connected').waitFor();
    await callPanel(bob.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(reopened).waitFor({ state: 'detached', timeout: 10_000 });
    // Bob's ended card lingers a moment; the next test reads his panel afresh.
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
  });

  test('when the window dies mid-call, main ends the call so the other side is not left in a dead call', async () => {
    await dial(bob.page, 'alice');
    await incomingPanel(alice.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(bob.page).getByText('Connected').waitFor();
    await alice.closeWindow();
    await callPanel(bob.page).getByText('Call ended').waitFor({ timeout: 5_000 });
    // Alice is still registered and reachable with a new window.
    await alice.openWindow();
    await expectAccountStatus(alice.page, 'Alice', 'Registered');
  });

  test("a call survives losing alice's connection: the call moves to the new one, and hanging up still reaches her", async () => {
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    const invitesBefore = aliceWire.count('INVITE');
    aliceWire.disconnectAll();
    await waitFor('alice to re-INVITE from her new connection', () => aliceWire.count('INVITE') > invitesBefore, 10_000);
    await expectAccountStatus(alice.page, 'Alice', 'Registered');
    // Media never went through the signalling connection: each side still hears the other.
    await expectHears(bob.page, ALICE_TONE_HZ, 'bob after the reconnect');
    // Bob's BYE reaches alice only because she refreshed the server's route to her.
    await callPanel(bob.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(alice.page).getByText('Call ended').waitFor({ timeout: 5_000 });
  });
});
