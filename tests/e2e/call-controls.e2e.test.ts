/**
 * In-call controls, judged by what the other side hears: hold and resume,
 * mute and unmute.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ALICE_TONE_HZ, startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { expectHears, expectStopsHearing } from '../support/heard-levels';
import { callPanel, dial, expectAccountStatus } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

const QUALITY_RATING = /^(Excellent|Good|Fair|Poor|Bad) \d\.\d$/;

describe('in-call controls', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair();
    await pair.connectCall();
    await expectHears(pair.bob.page, ALICE_TONE_HZ, 'bob');
  });
  after(async () => pair?.close());

  // The tone measures lower after the mic's gain control re-adapts; still well above the audibility line.
  const bobHearsAlice = (what: string) => expectHears(pair.bob.page, ALICE_TONE_HZ, `bob ${what}`);
  const bobStopsHearingAlice = (what: string) => expectStopsHearing(pair.bob.page, ALICE_TONE_HZ, `bob ${what}`);

  test('hold silences the call both ways and shows "Held by the other side" to bob, with no quality rating while no audio flows; resume brings the audio back', async () => {
    const { alice, bob } = pair;
    const rating = (page: Page) => callPanel(page).getByRole('button', { name: QUALITY_RATING });
    await rating(alice.page).waitFor({ timeout: 15_000 });
    await callPanel(alice.page).getByRole('button', { name: 'Hold' }).click();
    await callPanel(alice.page).getByText('On hold', { exact: true }).waitFor();
    await callPanel(bob.page).getByText('Held by the other side').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(await rating(alice.page).count(), 0, `alice's panel rates no audio: ${await callPanel(alice.page).innerText()}`);
    assert.equal(await rating(bob.page).count(), 0, `bob's panel rates no audio: ${await callPanel(bob.page).innerText()}`);
    await bobStopsHearingAlice('while held');
    await alice.screenshot('07-on-hold');

    await callPanel(alice.page).getByRole('button', { name: 'Resume' }).click();
    await callPanel(bob.page).getByText('Connected').waitFor();
    await bobHearsAlice('after resume');
  });

  test('mute silences what bob hears; unmute brings it back', async () => {
    const { alice } = pair;
    await callPanel(alice.page).getByRole('button', { name: 'Mute', exact: true }).click();
    await bobStopsHearingAlice('while alice is muted');
    await callPanel(alice.page).getByRole('button', { name: 'Unmute' }).click();
    await bobHearsAlice('after unmute');
  });

  test('auto-answer (chosen in the account form) answers by itself', async () => {
    const { alice, bob } = pair;
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
    await bob.page.getByRole('button', { name: 'Settings' }).click();
    await bob.page.getByRole('listitem', { name: /Bob/ }).getByRole('button', { name: 'Edit' }).click();
    await bob.page.getByRole('button', { name: 'Advanced' }).click();
    // Each Advanced field's label stands apart from the field above it, as in the rest of the form.
    const gaps = await bob.page.locator('.form-advanced .disclosure-content > .field').evaluateAll((fields) =>
      fields.slice(1).map((field, index) => Math.round(field.getBoundingClientRect().top - fields[index]!.getBoundingClientRect().bottom)),
    );
    assert.ok(gaps.length >= 2 && gaps.every((gap) => gap >= 12), `space between the Advanced fields: ${JSON.stringify(gaps)} px`);
    await bob.screenshot('account-form-advanced');
    await bob.page.getByLabel('Answer automatically').selectOption({ label: 'Immediately' });
    await bob.page.getByRole('button', { name: 'Save' }).click();
    await waitFor('the setting saved', () => bob.phone.core.snapshot.accounts[0]?.autoAnswerDelaySec === 0);
    // Enabling or disabling the account keeps the choice.
    await bob.page.getByRole('switch', { name: 'Enabled' }).click();
    await bob.page.getByRole('switch', { name: 'Enabled' }).click();
    await expectAccountStatus(bob.page, 'Bob', 'Registered');
    assert.equal(bob.phone.core.snapshot.accounts[0]?.autoAnswerDelaySec, 0);

    await dial(alice.page, 'bob');
    await callPanel(alice.page).getByText('Connected').waitFor();
    await bobHearsAlice('on the call answered by itself');
  });
});

