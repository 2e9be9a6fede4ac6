/**
 * Dialing by keyboard, in English and in Chinese: the field has focus when
 * Dial opens, letters typed anywhere go to it, suggestions from contacts
 * (pinyin and initials for Chinese names) and history are chosen with the
 * arrow keys and Enter or with the mouse, and the chosen one is what rings
 * at bob; the dial pad is one Tab stop between the field and Call.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { callPanel, endCalls, incomingPanel } from '../support/ui-actions';

const focusedLabel = (page: Page) => page.evaluate(() => {
  const element = document.activeElement;
  return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '';
});

async function assertAccessible(page: Page, selector: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  assert.deepEqual(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`), []);
}

describe('dialing by keyboard, with suggestions', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair();
    const domain = pair.kamailio.domain;
    for (const contact of [
      { name: 'Bob Builder', isFavourite: false, numbers: [{ label: 'work', value: `bob@${domain}` }] },
      { name: '张伟', isFavourite: false, numbers: [{ label: 'mobile', value: 'bob' }] },
    ]) {
      const added = await pair.alice.phone.invoke('contacts:add', contact);
      assert.ok(added.ok, JSON.stringify(added));
    }
  });
  after(async () => pair?.close());
  afterEach(async () => {
    await Promise.all([endCalls(pair.alice.page), endCalls(pair.bob.page)]);
  });

  test('English: focus on open, letters typed anywhere, arrow keys and Enter choose a contact, Enter calls it', async () => {
    const page = pair.alice.page;
    await page.getByRole('button', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'Dial' }).click();
    const field = page.getByRole('combobox', { name: 'Number or SIP address' });
    await field.waitFor();
    assert.ok(await field.evaluate((element) => element === document.activeElement), 'the field has focus when Dial opens');

    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.type('bui');
    assert.equal(await field.inputValue(), 'bui', 'letters typed outside the field went into it');
    const list = page.getByRole('listbox', { name: 'Suggestions' });
    const option = list.getByRole('option', { name: new RegExp(`^Bob Builder.*Work · bob@${pair.kamailio.domain}`) });
    await option.waitFor();
    assert.equal(await field.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    assert.equal(await field.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
    await pair.alice.screenshot('dial-suggestions-en');
    await assertAccessible(page, '.screen-dial');
    await page.keyboard.press('Enter');
    assert.equal(await field.inputValue(), `bob@${pair.kamailio.domain}`);
    await list.waitFor({ state: 'hidden' });
    await page.keyboard.press('Enter');
    await incomingPanel(pair.bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(page).getByText('Connected', { exact: true }).waitFor();
    // The call was placed from the field: digits typed now are tones for the call, not a new number.
    await page.keyboard.type('7');
    await callPanel(page).getByText('Sent: 7').waitFor();
    assert.equal(await field.inputValue(), '');
  });

  test('the dial pad is one Tab stop: field, delete, pad, Call; arrow keys move between the keys', async () => {
    const page = pair.alice.page;
    await page.getByRole('button', { name: 'Dial' }).click();
    const field = page.getByRole('combobox', { name: 'Number or SIP address' });
    await field.fill('1');
    await field.focus();
    const order: string[] = [];
    for (let step = 0; step < 3; step += 1) {
      await page.keyboard.press('Tab');
      order.push(await focusedLabel(page));
    }
    assert.deepEqual(order, ['Delete last character', '1', 'Call']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focusedLabel(page), '2');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedLabel(page), '5');
    await page.keyboard.press('Enter');
    assert.equal(await field.inputValue(), '15', 'a key pressed with Enter types its digit');
    await field.fill('');
  });

  test('Chinese: pinyin initials find 张伟, a click chooses it, 呼叫 rings bob; history is suggested too', async () => {
    const page = pair.alice.page;
    await pair.alice.phone.invoke('settings:update', { language: 'zh-CN' });
    try {
      await page.getByRole('button', { name: '拨号' }).click();
      const field = page.getByRole('combobox', { name: '号码或 SIP 地址' });
      await field.fill('');
      await page.locator('body').click({ position: { x: 5, y: 400 } });
      await page.keyboard.type('zw');
      const list = page.getByRole('listbox', { name: '建议' });
      const option = list.getByRole('option', { name: /^张伟.*手机 · bob$/ });
      await option.waitFor();
      await pair.alice.screenshot('dial-suggestions-zh');
      await option.click();
      assert.equal(await field.inputValue(), 'bob');
      await page.getByRole('button', { name: '呼叫', exact: true }).click();
      await incomingPanel(pair.bob.page).waitFor();
      await endCalls(page);

      await field.fill('zhangw');
      await option.waitFor();
      // A caller who is not a contact, from the history, by name.
      const accountId = pair.alice.phone.core.snapshot.accounts[0]!.id;
      const recorded = await pair.alice.phone.invoke('history:record', {
        id: 'carol-call', accountId, direction: 'incoming', remoteUri: `sip:carol@${pair.kamailio.domain}`, remoteName: 'Carol', startedAt: Date.now() - 60_000, endedAt: Date.now() - 50_000, outcome: 'missed',
      });
      assert.ok(recorded.ok, JSON.stringify(recorded));
      await field.fill('car');
      await list.getByRole('option', { name: new RegExp(`^Carol.*最近通话 · carol@${pair.kamailio.domain}$`) }).waitFor();
      await field.fill('');
    } finally {
      await pair.alice.phone.invoke('settings:update', { language: 'en' });
    }
  });
});
