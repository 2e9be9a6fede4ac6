/**
 * Contacts as two users see them, in Chromium through a real Kamailio: a
 * contact added in the UI is called with one click and both sides hear each
 * other; a caller saved as a contact is shown by name; favourites and recent
 * calls under the dial pad; importing a file with a bad line; and the
 * account question when several accounts are on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Contact } from '../../app/contact';
import { ALICE_TONE_HZ, BOB_TONE_HZ, startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { addAccountThroughUi, callPanel, dial, endCalls, expectAccountStatus, incomingPanel, openContacts } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';
import { expectHears } from '../support/heard-levels';

/** Accessibility rules (names, roles, contrast) on one part of the window. */
async function assertAccessible(page: Page, selector: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  assert.deepEqual(
    results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    [],
  );
}

const contactsList = (page: Page) => page.getByRole('list', { name: 'Contacts' });

describe('contacts', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair();
  });
  after(async () => pair?.close());

  test('alice adds Bob in the contacts screen, calls him with one click, bob rings showing alice, both hear each other', async () => {
    const { alice, bob } = pair;
    await openContacts(alice.page);
    await alice.page.getByRole('button', { name: 'Add contact' }).click();
    const form = alice.page.getByRole('form', { name: 'New contact' });
    await form.getByLabel('Name', { exact: true }).fill('Bob');
    await form.getByRole('combobox', { name: 'Label of number 1' }).selectOption({ label: 'Work' });
    await form.getByRole('textbox', { name: 'Number or SIP address 1' }).fill('bob');
    await form.getByRole('checkbox', { name: /Favourite/ }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });

    // Saved by main, and found by a search that ignores case and accents.
    const saved = await waitFor('main to keep the contact', async () => {
      const result = await alice.phone.invoke<Contact[]>('contacts:list');
      return result.ok && result.value.length === 1 ? result.value[0] : undefined;
    });
    assert.deepEqual({ name: saved.name, numbers: saved.numbers, isFavourite: saved.isFavourite }, { name: 'Bob', numbers: [{ label: 'work', value: 'bob' }], isFavourite: true });
    await alice.page.getByRole('searchbox', { name: 'Search contacts' }).fill('BÖB');
    const row = contactsList(alice.page).getByRole('listitem').filter({ hasText: 'Bob' }).first();
    await row.waitFor();
    await alice.screenshot('contacts-01-list');
    await assertAccessible(alice.page, '.contacts-screen');

    await row.getByRole('button', { name: 'Call Bob, Work bob' }).click();
    await incomingPanel(bob.page).getByText(/alice/i).first().waitFor();
    // The caller's own panel names the callee by the contact's name.
    await callPanel(alice.page).getByText('Bob', { exact: true }).waitFor();
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await callPanel(bob.page).getByText('Connected').waitFor();
    await Promise.all([expectHears(alice.page, BOB_TONE_HZ, 'alice'), expectHears(bob.page, ALICE_TONE_HZ, 'bob')]);
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 10_000 });
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
  });

  test('bob imports a vCard with a bad line: the bad line is reported by number, Alice is imported, and her call shows her contact name', async () => {
    const { alice, bob } = pair;
    await openContacts(bob.page);
    const vcard = ['BEGIN:VCARD', 'VERSION:4.0', 'this line is broken', 'FN:Alice Liddell', 'TEL;TYPE=cell:alice', 'END:VCARD', ''].join('\r\n');
    await bob.page.getByLabel('Contacts file to import').setInputFiles({ name: 'friends.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcard, 'utf8') });
    const report = bob.page.getByRole('status').filter({ hasText: 'Imported 1 contact.' });
    await report.waitFor();
    await report.getByText(/^Line 3: /).waitFor();
    await contactsList(bob.page).getByText('Alice Liddell').waitFor();

    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByText('Alice Liddell').waitFor();
    await bob.screenshot('contacts-02-incoming-named');
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(alice.page).getByText('Busy').waitFor();
    await endCalls(alice.page);

    await bob.page.getByRole('button', { name: /^History/ }).click();
    await bob.page.getByRole('group', { name: 'Recent calls' }).getByText('Alice Liddell').first().waitFor();
  });

  test('the dial screen offers favourites and recent calls, one click to call', async () => {
    const { alice, bob } = pair;
    await alice.page.getByRole('button', { name: 'Dial' }).click();
    const favourites = alice.page.getByRole('region', { name: 'Favourites' });
    const recent = alice.page.getByRole('region', { name: 'Recent' });
    // The last call went to bob: the recent entry is named by the contact.
    await recent.getByRole('button', { name: 'Call Bob' }).waitFor();
    await alice.screenshot('contacts-03-dial-shortcuts');
    await assertAccessible(alice.page, '.dial-shortcuts');
    await favourites.getByRole('button', { name: 'Call Bob' }).click();
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(alice.page).getByText('Busy').waitFor();
    await endCalls(alice.page);

    await recent.getByRole('button', { name: 'Call Bob' }).click();
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(alice.page).getByText('Busy').waitFor();
    await endCalls(alice.page);
  });

  test('with two accounts on, calling a contact asks which account, and the call goes out on the chosen one', async () => {
    const { alice, bob, kamailio } = pair;
    await addAccountThroughUi(alice.page, { displayName: 'Carol', sipAddress: `carol@${kamailio.domain}`, password: kamailio.users.carol!, serverUrl: kamailio.wsUrl });
    await expectAccountStatus(alice.page, 'Carol', 'Registered');
    await openContacts(alice.page);
    await contactsList(alice.page).getByRole('button', { name: 'Call Bob, Work bob' }).click();
    const chooser = alice.page.getByRole('dialog', { name: 'Call Bob from which account?' });
    await chooser.getByRole('radio', { name: /Carol/ }).check();
    await alice.screenshot('contacts-04-account-chooser');
    await assertAccessible(alice.page, '.account-chooser');
    await chooser.getByRole('button', { name: 'Call', exact: true }).click();
    await chooser.waitFor({ state: 'detached' });
    await incomingPanel(bob.page).getByText(/carol/i).first().waitFor();
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(alice.page).getByText('Busy').waitFor();
    await endCalls(alice.page);

    // The last choice is offered first next time; Esc cancels without calling.
    await contactsList(alice.page).getByRole('button', { name: 'Call Bob, Work bob' }).click();
    await chooser.getByRole('radio', { name: /Carol/, checked: true }).waitFor();
    await alice.page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'detached' });
    assert.equal(await incomingPanel(bob.page).count(), 0, 'nothing rang');
  });

  test('export in the browser host downloads the file, and says how many contacts it holds', async () => {
    const { alice } = pair;
    await openContacts(alice.page);
    await alice.page.getByRole('combobox', { name: 'Export as' }).selectOption('csv');
    const [download] = await Promise.all([alice.page.waitForEvent('download'), alice.page.getByRole('button', { name: 'Export…' }).click()]);
    assert.equal(download.suggestedFilename(), 'contacts.csv');
    const path = await download.path();
    assert.equal(readFileSync(path, 'utf8'), '\uFEFFname,label,number,favourite\r\nBob,work,bob,yes\r\n');
    await alice.page.getByRole('status').filter({ hasText: 'Downloaded 1 contact as contacts.csv.' }).waitFor();
  });

  test('deleting a contact asks first', async () => {
    const { alice } = pair;
    await openContacts(alice.page);
    const row = contactsList(alice.page).getByRole('listitem').filter({ hasText: 'Bob' }).first();
    await row.getByRole('button', { name: 'Delete Bob' }).click();
    await row.getByRole('button', { name: 'Keep' }).click();
    await row.getByRole('button', { name: 'Delete Bob' }).click();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await alice.page.getByText('No contacts yet.', { exact: false }).waitFor();
  });
});

/** The contacts screen alone: no server, no call, one window at the small size. */
describe('contacts screen', () => {
  let phone: SoftphoneUnderTest;

  before(async () => {
    assertE2ePrerequisites();
    phone = await startSoftphone('lists-contacts', 700, { width: 720, height: 520 });
  });
  after(async () => phone?.close());

  test('a SIP extension is labelled "Extension" by default, a phone number "Mobile", a label picked by hand stays', async () => {
    const { page } = phone;
    await openContacts(page);
    await page.getByRole('button', { name: 'Add contact' }).click();
    const form = page.getByRole('form', { name: 'New contact' });
    const label = form.getByRole('combobox', { name: 'Label of number 1' });
    const number = form.getByRole('textbox', { name: 'Number or SIP address 1' });
    await number.fill('201');
    assert.equal(await label.locator('option:checked').textContent(), 'Extension');
    await number.fill('+44 20 7946 0018');
    assert.equal(await label.locator('option:checked').textContent(), 'Mobile');
    await label.selectOption({ label: 'Work' });
    await number.fill('reception');
    assert.equal(await label.locator('option:checked').textContent(), 'Work', 'a label the user chose is kept');
    await form.getByRole('button', { name: 'Add number' }).click();
    await form.getByRole('textbox', { name: 'Number or SIP address 2' }).fill('sip:desk@pbx.example');
    assert.equal(await form.getByRole('combobox', { name: 'Label of number 2' }).locator('option:checked').textContent(), 'Extension');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  test('the import result shows under the import control, in view, in a live region that was there before', async () => {
    const { page } = phone;
    await openContacts(page);
    const importRow = page.locator('.contacts-transfer-row').filter({ has: page.getByRole('button', { name: /^Import/ }) });
    const region = importRow.locator('xpath=following-sibling::*[1]');
    assert.equal(await region.getAttribute('aria-live'), 'polite', 'the live region is in the page before anything is announced');
    const cards = Array.from({ length: 30 }, (_, index) => ['BEGIN:VCARD', 'VERSION:4.0', `FN:Person ${index + 1}`, `TEL;TYPE=work:${1000 + index}`, 'END:VCARD'].join('\r\n'));
    await page.getByLabel('Contacts file to import').setInputFiles({ name: 'office.vcf', mimeType: 'text/vcard', buffer: Buffer.from(`${cards.join('\r\n')}\r\n`, 'utf8') });
    await region.getByText('Imported 30 contacts.').waitFor();
    await contactsList(page).getByText('Person 30').waitFor();
    await waitFor('the result in view', () => region.getByText('Imported 30 contacts.').isVisible().then(async (visible) => visible && (await isInViewport(page, region))));
    await phone.screenshot('contacts-05-import-result');
  });

  test('in the Chinese UI, Chinese names sort by pinyin among Latin names and are found by pinyin', async () => {
    const { page } = phone;
    for (const name of ['张伟', 'Bob', '安妮', 'Zed']) {
      const added = await phone.phone.invoke('contacts:add', { name, isFavourite: false, numbers: [{ label: 'work', value: 'x' + String(name.length) }] });
      assert.ok(added.ok);
    }
    await phone.phone.invoke('settings:update', { language: 'zh-CN' });
    await page.getByRole('navigation').getByRole('button', { name: '联系人' }).click();
    const list = page.getByRole('list', { name: '联系人' });
    await list.getByText('张伟').waitFor();
    const names = await list.locator('.contact-name').allTextContents();
    const ours = names.filter((name) => ['张伟', 'Bob', '安妮', 'Zed'].includes(name));
    assert.deepEqual(ours, ['安妮', 'Bob', 'Zed', '张伟']);
    await page.getByRole('searchbox', { name: '搜索联系人' }).fill('zw');
    await list.getByText('张伟').waitFor();
    assert.equal(await list.getByText('Bob').count(), 0);
    await phone.screenshot('contacts-06-pinyin-zh-CN');
    await page.getByRole('searchbox', { name: '搜索联系人' }).fill('');
    await phone.phone.invoke('settings:update', { language: 'en' });
  });
});

async function isInViewport(page: Page, locator: ReturnType<Page['locator']>): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  return box !== null && viewport !== null && box.y >= 0 && box.y + Math.min(box.height, 40) <= viewport.height;
}
