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
import { dominantRemoteFrequency } from '../support/softphone-under-test';
import { addAccountThroughUi, callPanel, dial, endCalls, expectAccountStatus, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';
import { assertHears } from '../support/heard-levels';

async function openContacts(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Contacts' }).click();
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
}

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
    const [aliceHears, bobHears] = await Promise.all([dominantRemoteFrequency(alice.page), dominantRemoteFrequency(bob.page)]);
    assertHears(aliceHears, BOB_TONE_HZ, 'alice');
    assertHears(bobHears, ALICE_TONE_HZ, 'bob');
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
    await bob.page.getByRole('list', { name: 'Recent calls' }).getByText('Alice Liddell').first().waitFor();
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
