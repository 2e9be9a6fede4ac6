/**
 * The settings screen in Chromium against the real core and Kamailio: Test
 * account in words, language and theme switched at run time, STUN servers
 * that calls really use, a TURN password that stays sealed, and the call
 * keys (typing, Enter, Esc, the global shortcut routed through main).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

const openSettings = (page: Page) => page.getByRole('button', { name: 'Settings' }).click();

describe('settings and keyboard', () => {
  let pair: RegisteredPair;
  let stun: Socket;
  const stunRequests: Buffer[] = [];

  before(async () => {
    pair = await startRegisteredPair();
    // A STUN "server" on loopback: it only records what reaches it.
    stun = createSocket('udp4');
    stun.on('message', (message) => stunRequests.push(message));
    stun.bind(0, '127.0.0.1');
    await once(stun, 'listening');
  });
  after(async () => {
    stun?.close();
    await pair?.close();
  });

  test('Test account says in words whether the entered settings register', async () => {
    const { alice, kamailio } = pair;
    const page = alice.page;
    await openSettings(page);
    await page.getByRole('button', { name: 'Add account' }).first().click();
    await page.getByLabel('SIP address').fill(`carol@${kamailio.domain}`);
    await page.getByLabel('Password').fill(kamailio.users.carol!);
    await page.getByLabel('WebSocket server').fill(kamailio.wsUrl);
    const result = page.getByRole('status').filter({ hasText: /Registered successfully|Wrong|Could not connect/ });
    await page.getByRole('button', { name: 'Test account' }).click();
    await result.filter({ hasText: 'Registered successfully' }).waitFor();

    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Test account' }).click();
    await result.filter({ hasText: 'Wrong user name or password' }).waitFor();

    // A refused connection and an unknown name need different fixes: the words say which, as the account chip does.
    await page.getByLabel('WebSocket server').fill('ws://127.0.0.1:9');
    await page.getByRole('button', { name: 'Test account' }).click();
    await result.filter({ hasText: 'Could not connect to 127.0.0.1:9. Check the server address and your network. Nothing answers SIP at 127.0.0.1:9 over WebSocket. Check the port and the transport (UDP, TCP, TLS, WebSocket).' }).waitFor();
    // .invalid never resolves (RFC 6761); the lookup stays on this machine.
    await page.getByLabel('WebSocket server').fill('ws://no-such-server.invalid:5066');
    await page.getByRole('button', { name: 'Test account' }).click();
    await result
      .filter({
        hasText:
          /^Could not connect to no-such-server\.invalid:5066\. Check the server address and your network\. (The server name no-such-server\.invalid was not found\. Check the SIP domain or the registrar\/proxy address\.|The server name could not be found: check the address \(EAI_AGAIN\)\.)$/,
      })
      .waitFor();

    // Testing never saved anything.
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(alice.phone.core.snapshot.accounts.length, 1);
  });

  test('language switches at run time without a reload; theme follows the setting', async () => {
    const page = pair.alice.page;
    await openSettings(page);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await page.getByLabel('Language', { exact: true }).selectOption('zh-CN');
    await page.getByRole('button', { name: '拨号' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await page.getByLabel('主题', { exact: true }).selectOption('dark');
    await waitFor('the dark theme', () => page.evaluate(() => document.documentElement.dataset.theme === 'dark'));
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(15, 18, 22)', 'dark background');
    // Refusals from the call engine and from main read in Chinese too.
    await page.getByRole('button', { name: '拨号' }).click();
    await page.getByRole('combobox', { name: '号码或 SIP 地址' }).fill('bob smith');
    await page.getByRole('button', { name: '呼叫', exact: true }).click();
    await page.getByText('“bob smith”既不是号码，也不是 SIP 地址。').waitFor();
    pair.alice.phone.core.requestDial('tel:call-me-maybe');
    await page.getByText('链接“tel:call-me-maybe”中没有可拨打的号码或地址。').waitFor();
    await page.getByRole('combobox', { name: '号码或 SIP 地址' }).fill('');
    await page.getByRole('button', { name: '设置' }).click();
    await page.getByLabel('主题', { exact: true }).selectOption('light');
    await page.getByLabel('语言', { exact: true }).selectOption('en');
    await page.getByRole('button', { name: 'Dial' }).waitFor();
    assert.equal(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument), true, 'no reload happened');
    assert.equal(pair.alice.phone.core.snapshot.settings.language, 'en');
  });

  test('a bad STUN URL is refused under its field; a saved one is used by the next call', async () => {
    const { alice, bob } = pair;
    const page = alice.page;
    await openSettings(page);
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByLabel('Server URL').fill('http://127.0.0.1');
    await page.getByRole('button', { name: 'Save servers' }).click();
    await page.getByText('The URL must start with stun:, turn: or turns:.').waitFor();
    const { port } = stun.address() as AddressInfo;
    await page.getByLabel('Server URL').fill(`stun:127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Save servers' }).click();
    await page.getByText('Servers saved. New calls use them.').waitFor();
    assert.deepEqual(alice.phone.core.snapshot.settings.iceServers, [{ url: `stun:127.0.0.1:${port}` }]);

    await dial(page, 'bob');
    await incomingPanel(bob.page).waitFor();
    // A STUN Binding Request (type 0x0001, magic cookie 0x2112A442) reached our server.
    await waitFor('a STUN binding request', () => stunRequests.some((message) => message.readUInt16BE(0) === 0x0001 && message.readUInt32BE(4) === 0x2112a442));
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(page).getByText('Busy').waitFor();
    await callPanel(page).waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('a TURN password is never shown again: an empty field keeps it, and it is not in the settings file in clear', async () => {
    const { alice } = pair;
    const page = alice.page;
    const password = 'turn-e2e-secret-5521';
    await openSettings(page);
    await page.getByRole('button', { name: 'Add server' }).click();
    const row = page.getByRole('listitem', { name: 'Server 2' });
    await row.getByLabel('Server URL').fill('turn:127.0.0.1:3478');
    await row.getByLabel('User name (TURN only)').fill('alice');
    await row.getByLabel('Password (TURN only)').fill(password);
    await page.getByRole('button', { name: 'Save servers' }).click();
    await page.getByText('Servers saved. New calls use them.').waitFor();
    assert.deepEqual(alice.phone.core.snapshot.settings.iceServers[1], { url: 'turn:127.0.0.1:3478', username: 'alice', hasCredential: true });
    assert.ok(!readFileSync(join(alice.phone.profileDir, 'settings.json'), 'utf8').includes(password), 'sealed on disk');

    const passwordField = row.getByLabel('Password (TURN only)');
    await waitFor('the saved password shown as kept, not as text', async () => (await passwordField.inputValue()) === '' && (await passwordField.getAttribute('placeholder')) === 'Leave empty to keep the saved password');
    assert.ok(!(await page.content()).includes(password), 'the password is nowhere in the page');
    await page.getByRole('button', { name: 'Save servers' }).click();
    await page.getByText('Servers saved. New calls use them.').waitFor();
    const servers = await alice.phone.invoke<{ credential?: string }[]>('settings:ice-servers');
    assert.equal(servers.ok && servers.value[1]?.credential, password, 'saving with the field empty kept it');

    // Leave only the STUN server for the tests that follow.
    await row.getByRole('button', { name: 'Remove server 2' }).click();
    await page.getByRole('button', { name: 'Save servers' }).click();
    await waitFor('the TURN server removed', () => alice.phone.core.snapshot.settings.iceServers.length === 1);
  });

  test('keys: digits typed anywhere on Dial fill the field, Enter calls, the global shortcut answers, Esc hangs up', async () => {
    const { alice, bob } = pair;
    const page = alice.page;
    await page.getByRole('button', { name: 'Dial' }).click();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.type('12#');
    const field = page.getByRole('combobox', { name: 'Number or SIP address' });
    assert.equal(await field.inputValue(), '12#');
    await field.fill('bob');
    await page.keyboard.press('Enter');
    await incomingPanel(bob.page).waitFor();

    // The global shortcut, as Electron's globalShortcut would press it, routed through main.
    bob.phone.core.pressCallShortcut();
    await callPanel(bob.page).getByText('Connected').waitFor();
    await callPanel(page).getByText('Connected').waitFor();

    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Escape');
    await callPanel(bob.page).getByText('Call ended').waitFor();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 15_000 });
    await callPanel(page).waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('Esc declines a ringing call; the global shortcut hangs up a connected one', async () => {
    const { alice, bob } = pair;
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).waitFor();
    await bob.page.keyboard.press('Escape');
    await callPanel(alice.page).getByText('Busy').waitFor();
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });

    await pair.connectCall();
    bob.phone.core.pressCallShortcut();
    await callPanel(alice.page).getByText('Call ended').waitFor();
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('with "Call links at once" on, a link rings the other side; during a call it only fills the field', async () => {
    const { alice, bob, kamailio } = pair;
    const page = alice.page;
    await openSettings(page);
    const setting = page.getByRole('switch', { name: 'Call links at once' });
    assert.equal(await setting.isChecked(), false, 'off by default');
    // Links reach the browser host only as a test's requestDial (no OS hands it any), so its switch is
    // off limits there ("Only the desktop app …"); the setting is made through main as the app's switch would.
    assert.equal(await setting.isDisabled(), true);
    assert.ok((await alice.phone.invoke('settings:update', { callLinksAtOnce: true })).ok);
    await waitFor('the switch shows it', () => setting.isChecked());

    alice.phone.core.requestDial(`sip:bob@${kamailio.domain}`);
    await incomingPanel(bob.page).waitFor();
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(page).getByText('Connected').waitFor();

    // A second link while talking: the number waits, the call goes on.
    alice.phone.core.requestDial('tel:+1-201-555-0123');
    const field = page.getByRole('combobox', { name: 'Number or SIP address' });
    await waitFor('the number in the field', async () => (await field.inputValue()) === '+12015550123');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(alice.phone.core.snapshot.calls.length, 1, 'still one call');
    assert.equal(await callPanel(page).getByText('On hold', { exact: true }).count(), 0, 'the call was not put on hold');
    await callPanel(page).getByText('Connected', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Hang up' }).first().click();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 15_000 });
    await field.fill('');
  });
});
