/**
 * Reaching an IVR with the mouse: every key of the in-call keypad can be
 * clicked at the smallest and a common window size, Esc closes the keypad
 * and keeps the call, and during a call the Dial screen's pad sends tones
 * (and says so); bob hears the digits as tones.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { heardDtmfDigits, startDtmfListener } from '../support/dtmf-listener';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { isClickableInPlace } from '../support/in-view';
import { callPanel, endCalls } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

async function bobHears(pair: RegisteredPair, digits: string): Promise<void> {
  const heard = await waitFor(`bob to hear ${digits}`, async () => {
    const got = await heardDtmfDigits(pair.bob.page);
    return got.length >= digits.length ? got : undefined;
  }, 15_000).catch(async (error: unknown) => {
    throw new Error(`${String(error)}; heard so far: "${await heardDtmfDigits(pair.bob.page)}"`);
  });
  assert.equal(heard, digits);
}

async function connectWithAliceMuted(pair: RegisteredPair): Promise<void> {
  await pair.connectCall();
  // Alice's microphone tone would mask the digits.
  await callPanel(pair.alice.page).getByRole('button', { name: 'Mute', exact: true }).click();
  await startDtmfListener(pair.bob.page);
}

describe('in-call keypad and the dial pad during a call', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair();
  });
  after(async () => pair?.close());
  afterEach(async () => {
    await pair.alice.page.setViewportSize({ width: 960, height: 640 });
    await Promise.all([endCalls(pair.alice.page), endCalls(pair.bob.page)]);
  });

  for (const size of [{ width: 720, height: 520 }, { width: 1280, height: 800 }]) {
    test(`at ${size.width}×${size.height} all twelve keys of the in-call keypad can be clicked, and bob hears them`, async () => {
      const page: Page = pair.alice.page;
      await page.setViewportSize(size);
      await connectWithAliceMuted(pair);
      await callPanel(page).getByRole('button', { name: 'Keypad' }).click();
      const keypad = page.getByRole('group', { name: 'Keypad: send tones' });
      await keypad.waitFor();
      await pair.alice.screenshot(`keypad-open-${size.width}x${size.height}`);
      const keys = keypad.getByRole('button');
      assert.equal(await keys.count(), 12);
      for (const key of await keys.all()) {
        assert.ok(await isClickableInPlace(key), `key ${await key.getAttribute('aria-label')} is in view and not clipped`);
      }
      for (const digit of ['4', '8', '#']) await keypad.getByRole('button', { name: digit, exact: true }).click({ noWaitAfter: true });
      await callPanel(page).getByText('Sent: 48#').waitFor();
      await bobHears(pair, '48#');
    });
  }

  test('at 720×520 Dial opens at its top after a scrolled screen, and keeps "Calling from" and the field in view when a call docks above it', async () => {
    const page = pair.alice.page;
    await page.setViewportSize({ width: 720, height: 520 });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.locator('main.screen').evaluate((screen) => screen.scrollTo({ top: screen.scrollHeight }));
    await page.getByRole('button', { name: 'Dial' }).click();
    const callingFrom = page.getByText('Calling from Alice');
    const field = page.getByRole('combobox', { name: 'Number or SIP address' });
    assert.ok(await isClickableInPlace(callingFrom), '"Calling from" is in view when Dial opens');
    await pair.connectCall();
    await pair.alice.screenshot('dial-in-call-720x520');
    assert.ok(await isClickableInPlace(callingFrom), '"Calling from" is in view with the call panel docked');
    assert.ok(await isClickableInPlace(field), 'the field is in view with the call panel docked');
  });

  test('Esc with the keypad open closes the keypad and keeps the call (focus on the Keypad button)', async () => {
    const page = pair.alice.page;
    await pair.connectCall();
    const toggle = callPanel(page).getByRole('button', { name: 'Keypad' });
    await toggle.click();
    const keypad = page.getByRole('group', { name: 'Keypad: send tones' });
    await keypad.waitFor();
    await page.keyboard.press('Escape');
    await keypad.waitFor({ state: 'hidden' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(await toggle.evaluate((element) => element === document.activeElement), 'focus is back on the Keypad button');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await callPanel(page).getByText('Connected', { exact: true }).waitFor();
    await callPanel(pair.bob.page).getByText('Connected', { exact: true }).waitFor();
    // With the keypad closed, Esc still hangs up.
    await page.keyboard.press('Escape');
    await callPanel(pair.bob.page).waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('during a call the Dial screen\'s pad sends tones to the call and says so; the dial field stays as it was', async () => {
    const page = pair.alice.page;
    await connectWithAliceMuted(pair);
    await page.getByRole('button', { name: 'Dial' }).click();
    const pad = page.getByRole('group', { name: 'Dial pad' });
    await page.getByText(`In the call with bob@${pair.kamailio.domain}: these keys send tones (for menus and voicemail).`).waitFor();
    for (const digit of ['1', '2', '*']) await pad.getByRole('button', { name: digit, exact: true }).click();
    await callPanel(page).getByText('Sent: 12*').waitFor();
    await bobHears(pair, '12*');
    assert.equal(await page.getByRole('combobox', { name: 'Number or SIP address' }).inputValue(), '');
    await pair.alice.screenshot('dial-pad-sends-tones');

    // On hold, the pad types again.
    await callPanel(page).getByRole('button', { name: 'Hold' }).click();
    await callPanel(page).getByText('On hold', { exact: true }).waitFor();
    // The pad leaves its tones mode in the render after "On hold" shows.
    await page.getByText(/these keys send tones/).waitFor({ state: 'detached' });
    await pad.getByRole('button', { name: '5', exact: true }).click();
    assert.equal(await page.getByRole('combobox', { name: 'Number or SIP address' }).inputValue(), '5');
    assert.equal(await page.getByText(/these keys send tones/).count(), 0);
    await page.getByRole('combobox', { name: 'Number or SIP address' }).fill('');
  });
});
