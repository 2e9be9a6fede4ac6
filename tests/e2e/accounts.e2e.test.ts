/**
 * Adding and fixing accounts in the real UI against a real Kamailio: bad
 * input is refused in words, and nothing saved is lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { addAccountThroughUi, expectAccountStatus } from '../support/ui-actions';

describe('account form and registration status in the UI', () => {
  let kamailio: KamailioServer;
  let carol: SoftphoneUnderTest;

  before(async () => {
    assertE2ePrerequisites();
    kamailio = await startKamailio();
    carol = await startSoftphone('carol', 800, { width: 720, height: 520 });
    await carol.screenshot('01-first-start');
  });
  after(async () => {
    await carol?.close();
    await kamailio?.stop();
  });

  test('an invalid SIP address and server URL are refused in the form with what is wrong', async () => {
    const { page } = carol;
    await addAccountThroughUi(page, { sipAddress: 'carol', password: 'x', serverUrl: 'http://127.0.0.1:1' });
    await page.getByText('A SIP address needs a user and a domain').waitFor();
    await page.getByText('must start with ws:// or wss://').waitFor();
    assert.equal(await page.getByLabel('SIP address').getAttribute('aria-invalid'), 'true');
    await carol.screenshot('10-account-form-errors');
    assert.equal(carol.phone.core.snapshot.accounts.length, 0, 'nothing was saved');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  test('a wrong password shows "Registration failed: wrong credentials"; fixing it registers', async () => {
    const { page } = carol;
    await addAccountThroughUi(page, { displayName: 'Carol', sipAddress: `carol@${kamailio.domain}`, password: 'wrong', serverUrl: kamailio.wsUrl });
    await expectAccountStatus(page, 'Carol', 'Registration failed: wrong credentials');
    await carol.screenshot('11-wrong-credentials');

    await page.getByRole('listitem', { name: /Carol/ }).getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Password').fill(kamailio.users.carol!);
    await page.getByRole('button', { name: 'Save' }).click();
    await expectAccountStatus(page, 'Carol', 'Registered');
  });

  test('an unreachable server shows "Server unreachable" and when it will retry', async () => {
    const { page } = carol;
    await addAccountThroughUi(page, { displayName: 'Nowhere', sipAddress: `dave@${kamailio.domain}`, password: 'x', serverUrl: 'ws://127.0.0.1:9' });
    await expectAccountStatus(page, 'Nowhere', 'Server unreachable');
    await page.getByRole('button', { name: /^Nowhere: / }).click();
    await page.getByText(/Next attempt in \d+ s|Next attempt any moment/).waitFor();
    await carol.screenshot('12-server-unreachable');
    // Removing it leaves the other account as it was.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('listitem', { name: /Nowhere/ }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('button', { name: /^Nowhere: / }).waitFor({ state: 'detached' });
    await expectAccountStatus(page, 'Carol', 'Registered');
    assert.equal(carol.phone.core.snapshot.accounts.length, 1);
  });

  test('pointing a saved account at another server asks for its password again, and saves nothing until then', async () => {
    const { page } = carol;
    const savedServer = carol.phone.core.snapshot.accounts[0]?.serverUrl;
    await page.getByRole('listitem', { name: /Carol/ }).getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('WebSocket server').fill('ws://127.0.0.1:9');
    await page.getByRole('button', { name: 'Test account' }).click();
    const password = page.getByLabel('Password');
    await page.getByText('Enter the password again: a saved password is only sent to the server it was saved for.').waitFor();
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.equal(await password.evaluate((input) => input === document.activeElement), true, 'the password field asks for it');
    assert.equal(await password.getAttribute('placeholder'), null, 'it no longer offers to keep the saved password');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter the password again: a saved password is only sent to the server it was saved for.').waitFor();
    await carol.screenshot('13-password-for-new-server');
    assert.equal(carol.phone.core.snapshot.accounts[0]?.serverUrl, savedServer, 'nothing was saved');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectAccountStatus(page, 'Carol', 'Registered');
  });

  test('a tel: link brings up the number in the dial field, ready to call but not called', async () => {
    const { page } = carol;
    carol.phone.core.requestDial('tel:+1-201-555-0123');
    const field = page.getByRole('combobox', { name: 'Number or SIP address' });
    await field.waitFor();
    assert.equal(await field.inputValue(), '+12015550123');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await page.getByRole('region', { name: 'Call' }).count(), 0, 'no call was started');
    carol.phone.core.requestDial('tel:call-me-maybe');
    await page.getByText('does not contain a number or address that can be called').waitFor();
  });
});

