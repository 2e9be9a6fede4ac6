/**
 * Several lines, judged by what each party hears: three softphones (alice
 * 600 Hz, bob 1500 Hz, carol 1000 Hz) through a real Kamailio. Call waiting
 * and switching lines, blind and attended transfer, and a local three-way
 * conference mixed in alice's renderer.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hearsTones } from '../support/heard-levels';
import { isWhollyInView } from '../support/in-view';
import { playedTones, recordPlayedTones } from '../support/played-tones';
import { ALICE_TONE_HZ, BOB_TONE_HZ } from '../support/registered-pair';
import { CAROL_TONE_HZ, startRegisteredTrio, type RegisteredTrio } from '../support/registered-trio';
import { callPanel, callRow, clickEachListed, dial, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

const CALL_WAITING_HZ = 440;
const RINGTONE_HZ = [660, 880];
const SLOW = 30_000;

/** Polls what `page` hears until each listed tone is heard (true) or not heard (false). */
async function untilHears(page: Page, who: string, expected: Record<number, boolean>, timeoutMs = SLOW): Promise<void> {
  const frequencies = Object.keys(expected).map(Number);
  let last: Record<number, boolean> = {};
  await waitFor(
    `${who} to hear ${JSON.stringify(expected)}`,
    async () => {
      last = await hearsTones(page, frequencies);
      return frequencies.every((frequency) => last[frequency] === expected[frequency]);
    },
    timeoutMs,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; last heard ${JSON.stringify(last)}`);
  });
}

describe('several lines, transfer and conference between three softphones', () => {
  let trio: RegisteredTrio;

  before(async () => {
    trio = await startRegisteredTrio();
  });
  after(async () => trio?.close());

  // Every test starts with no call anywhere.
  afterEach(async () => {
    for (const phone of [trio.alice, trio.bob, trio.carol]) {
      await clickEachListed(callPanel(phone.page).getByRole('button', { name: 'Hang up' }));
    }
    await trio.waitUntilIdle();
  });

  async function aliceCallsBob(): Promise<void> {
    const { alice, bob } = trio;
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callRow(alice.page, /bob/i).getByText('Connected').waitFor({ timeout: SLOW });
    await callRow(bob.page, /alice/i).getByText('Connected').waitFor({ timeout: SLOW });
  }

  /** "Add call": bob waits on hold while alice calls carol, who answers. */
  async function aliceAddsCarol(): Promise<void> {
    const { alice, bob, carol } = trio;
    await callPanel(alice.page).getByRole('button', { name: 'Add call' }).click();
    await dial(alice.page, 'carol');
    await callRow(bob.page, /alice/i).getByText('Held by the other side').waitFor({ timeout: SLOW });
    await incomingPanel(carol.page).getByRole('button', { name: 'Answer' }).click();
    await callRow(alice.page, /carol/i).getByText('Connected').waitFor({ timeout: SLOW });
    await callRow(alice.page, /bob/i).getByText('On hold').waitFor({ timeout: SLOW });
  }

  /** Merge: alice, bob and carol in one conference. */
  async function aliceMergesCarol(): Promise<void> {
    const { alice } = trio;
    await callRow(alice.page, /carol/i).getByRole('button', { name: 'Merge' }).click();
    await callRow(alice.page, /bob/i).getByText('In conference').waitFor({ timeout: SLOW });
    await callRow(alice.page, /carol/i).getByText('In conference').waitFor({ timeout: SLOW });
  }

  test('a second call during a call beeps softly; answering holds the first; switching brings it back', async () => {
    const { alice, bob, carol } = trio;
    await aliceCallsBob();
    await untilHears(bob.page, 'bob', { [ALICE_TONE_HZ]: true });

    await recordPlayedTones(alice.page);
    const mark = (await playedTones(alice.page)).length;
    await dial(carol.page, 'alice');
    await incomingPanel(alice.page).getByText('Call waiting').waitFor({ timeout: SLOW });
    await incomingPanel(alice.page).getByText(/Answering puts bob@softphone\.test on hold/).waitFor();
    await alice.screenshot('lines-01-call-waiting');
    // The short call-waiting beep, not the full ringtone, over the call.
    await waitFor('alice to play the call-waiting beep', async () => (await playedTones(alice.page, mark)).some((tone) => tone.hz === CALL_WAITING_HZ), SLOW);
    const played = await playedTones(alice.page, mark);
    for (const frequency of RINGTONE_HZ) assert.ok(!played.some((tone) => tone.hz === frequency), `no ringtone during a call (${frequency} Hz played)`);
    await untilHears(alice.page, 'alice (still talking to bob)', { [BOB_TONE_HZ]: true });

    await incomingPanel(alice.page).getByRole('button', { name: 'Answer' }).click();
    await callRow(bob.page, /alice/i).getByText('Held by the other side').waitFor({ timeout: SLOW });
    await callRow(alice.page, /bob/i).getByText('On hold').waitFor({ timeout: SLOW });
    await callRow(alice.page, /carol/i).getByText('Connected').waitFor({ timeout: SLOW });
    await untilHears(bob.page, 'bob (held)', { [ALICE_TONE_HZ]: false });
    await untilHears(alice.page, 'alice', { [CAROL_TONE_HZ]: true, [BOB_TONE_HZ]: false });
    await untilHears(carol.page, 'carol', { [ALICE_TONE_HZ]: true });
    await alice.screenshot('lines-02-two-lines');
    // The held line offers what works on it; Mute and the keypad would do nothing there.
    const held = callRow(alice.page, /bob/i);
    for (const name of ['Resume', 'Transfer', 'Merge', 'Hang up']) assert.equal(await held.getByRole('button', { name, exact: true }).count(), 1, `the held line offers ${name}`);
    for (const name of ['Mute', 'Keypad']) assert.equal(await held.getByRole('button', { name, exact: true }).count(), 0, `the held line offers no ${name}`);
    // At 960×640 both lines' Hang up show whole in the docked panel, without scrolling it.
    for (const line of [/bob/i, /carol/i]) {
      assert.ok(await isWhollyInView(callRow(alice.page, line).getByRole('button', { name: 'Hang up' })), `Hang up of the call with ${String(line)} is wholly in view`);
    }
    assert.ok(await isWhollyInView(alice.page.getByRole('button', { name: 'Add call' })), 'Add call is wholly in view under the two lines');

    // Switching back: carol waits on hold, bob hears alice again.
    await callRow(alice.page, /bob/i).getByRole('button', { name: 'Resume' }).click();
    await callRow(alice.page, /carol/i).getByText('On hold').waitFor({ timeout: SLOW });
    await callRow(bob.page, /alice/i).getByText('Connected').waitFor({ timeout: SLOW });
    await callRow(carol.page, /alice/i).getByText('Held by the other side').waitFor({ timeout: SLOW });
    await untilHears(bob.page, 'bob (resumed)', { [ALICE_TONE_HZ]: true });
    await untilHears(alice.page, 'alice (back with bob)', { [BOB_TONE_HZ]: true, [CAROL_TONE_HZ]: false });
  });

  test('blind transfer: alice sends bob to carol; bob and carol talk, alice is out', async () => {
    const { alice, bob, carol } = trio;
    await aliceCallsBob();
    await callRow(alice.page, /bob/i).getByRole('button', { name: 'Transfer', exact: true }).click();
    await callRow(alice.page, /bob/i).getByLabel('Transfer to').fill('carol');
    await callRow(alice.page, /bob/i).getByRole('button', { name: 'Transfer now' }).click();

    await incomingPanel(carol.page).getByText(/bob/i).first().waitFor({ timeout: SLOW });
    await callRow(alice.page, /bob/i).getByText(/Transferring to carol@softphone\.test/).waitFor({ timeout: SLOW });
    await incomingPanel(carol.page).getByRole('button', { name: 'Answer' }).click();
    await callRow(bob.page, /carol/i).getByText('Connected').waitFor({ timeout: SLOW });
    await callRow(carol.page, /bob/i).getByText('Connected').waitFor({ timeout: SLOW });
    await callRow(alice.page, /bob/i).getByText('Transferred to carol@softphone.test').waitFor({ timeout: SLOW });
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: SLOW });

    await untilHears(bob.page, 'bob', { [CAROL_TONE_HZ]: true, [ALICE_TONE_HZ]: false });
    await untilHears(carol.page, 'carol', { [BOB_TONE_HZ]: true, [ALICE_TONE_HZ]: false });
  });

  test('a blind transfer that fails says why and leaves the call with alice', async () => {
    const { alice, bob } = trio;
    await aliceCallsBob();
    await callRow(alice.page, /bob/i).getByRole('button', { name: 'Transfer', exact: true }).click();
    // dave exists on the server but is not registered: 404.
    await callRow(alice.page, /bob/i).getByLabel('Transfer to').fill('dave');
    await callRow(alice.page, /bob/i).getByRole('button', { name: 'Transfer now' }).click();
    await callRow(alice.page, /bob/i).getByText(/Transfer to dave@softphone\.test failed: Not found.*The call is still with you/).waitFor({ timeout: SLOW });
    await callRow(alice.page, /bob/i).getByText('Connected').waitFor();
    await untilHears(bob.page, 'bob', { [ALICE_TONE_HZ]: true });
  });

  test('attended transfer: alice consults carol, then connects bob and carol', async () => {
    const { alice, bob, carol } = trio;
    await aliceCallsBob();
    await aliceAddsCarol();
    await untilHears(carol.page, 'carol (consulting)', { [ALICE_TONE_HZ]: true });

    await callRow(alice.page, /bob/i).getByRole('button', { name: 'Transfer', exact: true }).click();
    await alice.screenshot('lines-03-attended-transfer');
    // At 960×640, with the transfer form open, the other line's Hang up still shows whole.
    assert.ok(await isWhollyInView(callRow(alice.page, /carol/i).getByRole('button', { name: 'Hang up' })), "Hang up of the call with carol is wholly in view during the transfer");
    await callRow(alice.page, /bob/i).getByRole('button', { name: 'Complete transfer to carol@softphone.test' }).click();

    await callRow(bob.page, /carol/i).getByText('Connected').waitFor({ timeout: SLOW });
    await callRow(carol.page, /bob/i).getByText('Connected').waitFor({ timeout: SLOW });
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: SLOW });
    await untilHears(bob.page, 'bob', { [CAROL_TONE_HZ]: true, [ALICE_TONE_HZ]: false });
    await untilHears(carol.page, 'carol', { [BOB_TONE_HZ]: true, [ALICE_TONE_HZ]: false });
  });

  test('three-way conference: everyone hears both others; Unmerge, and carol leaving, return to an ordinary call', async () => {
    const { alice, bob, carol } = trio;
    await aliceCallsBob();
    await aliceAddsCarol();
    await aliceMergesCarol();
    await callRow(bob.page, /alice/i).getByText('Connected').waitFor({ timeout: SLOW });
    await alice.screenshot('lines-04-conference');

    await untilHears(bob.page, 'bob', { [ALICE_TONE_HZ]: true, [CAROL_TONE_HZ]: true });
    await untilHears(carol.page, 'carol', { [ALICE_TONE_HZ]: true, [BOB_TONE_HZ]: true });
    await untilHears(alice.page, 'alice', { [BOB_TONE_HZ]: true, [CAROL_TONE_HZ]: true });

    // Unmerge on bob's line: bob is the one call in use again, carol waits on hold.
    await callRow(alice.page, /bob/i).getByRole('button', { name: 'Unmerge' }).click();
    await callRow(alice.page, /carol/i).getByText('On hold').waitFor({ timeout: SLOW });
    await callRow(carol.page, /alice/i).getByText('Held by the other side').waitFor({ timeout: SLOW });
    await untilHears(bob.page, 'bob (unmerged)', { [ALICE_TONE_HZ]: true, [CAROL_TONE_HZ]: false });
    await untilHears(alice.page, 'alice (unmerged)', { [BOB_TONE_HZ]: true, [CAROL_TONE_HZ]: false });

    // Merged again, then carol hangs up: alice and bob go on as an ordinary call.
    await callRow(alice.page, /carol/i).getByRole('button', { name: 'Merge' }).click();
    await callRow(alice.page, /carol/i).getByText('In conference').waitFor({ timeout: SLOW });
    await untilHears(bob.page, 'bob (merged again)', { [ALICE_TONE_HZ]: true, [CAROL_TONE_HZ]: true });
    await callRow(carol.page, /alice/i).getByRole('button', { name: 'Hang up' }).click();
    await callRow(alice.page, /bob/i).getByText('In conference').waitFor({ state: 'detached', timeout: SLOW });
    await untilHears(bob.page, 'bob (carol gone)', { [ALICE_TONE_HZ]: true, [CAROL_TONE_HZ]: false });
    await untilHears(alice.page, 'alice (carol gone)', { [BOB_TONE_HZ]: true });
  });

  test('Esc in a conference ends the conference: both bob and carol are hung up, not one leg', async () => {
    const { alice, bob, carol } = trio;
    await aliceCallsBob();
    await aliceAddsCarol();
    await aliceMergesCarol();
    await alice.page.locator('body').click({ position: { x: 5, y: 400 } });
    await alice.page.keyboard.press('Escape');
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: SLOW });
    await callPanel(carol.page).waitFor({ state: 'detached', timeout: SLOW });
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: SLOW });
  });
});
