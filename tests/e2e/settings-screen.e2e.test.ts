/**
 * The Settings screen without a SIP server, in Chromium against the real
 * core: one window as the desktop app runs it (the OS ports present), one as
 * the browser host. The section bar, start at login as a question, Do not
 * disturb from the top bar, the dismissible password warning, typed values
 * that apply when left, what the browser host cannot do, and Chinese.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { setAppearance } from '../support/appearance';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { waitFor } from '../support/wait-for';

const openSettings = (page: Page) => page.getByRole('button', { name: 'Settings' }).click();

/** The Settings screen without a server: one window as the desktop app runs it (OS ports present), one as the browser host. */
describe('settings screen', () => {
  let desktop: SoftphoneUnderTest;
  let browserTab: SoftphoneUnderTest;
  const loginItem: boolean[] = [];

  before(async () => {
    assertE2ePrerequisites();
    desktop = await startSoftphone('lists-settings-desktop', 700, { width: 720, height: 520 }, {
      desktop: { setStartAtLogin: (isOn) => loginItem.push(isOn), setLinkHandling: () => undefined, setGlobalShortcut: () => true, isDesktopShell: true },
    });
    browserTab = await startSoftphone('lists-settings-browser', 700, { width: 720, height: 520 });
  });
  after(async () => {
    await desktop?.close();
    await browserTab?.close();
  });

  const sectionBar = (page: Page) => page.getByRole('navigation', { name: 'Settings sections' });

  test('start at login is asked once an account exists, never turned on by itself; the answer is kept', async () => {
    const { page } = desktop;
    await openSettings(page);
    const question = page.getByRole('group', { name: /Start the softphone when you log in/ });
    assert.equal(await question.count(), 0, 'nothing to ask without an account');
    await desktop.phone.addAccount({ sipAddress: 'alice@127.0.0.1', password: 'secret', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    await question.waitFor();
    assert.deepEqual(loginItem, [false], 'adding the account did not turn it on');
    assert.equal(await page.getByRole('switch', { name: 'Start at login' }).isChecked(), false);
    await desktop.screenshot('settings-01-start-at-login-question');
    // The question, the section bar and the top bar's toggle as axe sees them.
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`), []);
    await question.getByRole('button', { name: 'Start at login' }).click();
    await page.getByRole('status').getByText('The softphone will start when you log in.').waitFor();
    await waitFor('main applies the choice', () => loginItem.at(-1) === true);
    assert.equal(desktop.phone.core.snapshot.settings.startAtLogin, true);
    assert.equal(await page.getByRole('switch', { name: 'Start at login' }).isChecked(), true);
  });

  test('the section bar goes to each section, moves focus to its heading and marks it current', async () => {
    const { page } = desktop;
    await openSettings(page);
    for (const name of ['Network', 'General', 'Audio', 'Calls', 'Accounts']) {
      await sectionBar(page).getByRole('link', { name }).click();
      const heading = page.getByRole('heading', { name, level: 2, exact: true });
      await waitFor(`focus on ${name}`, () => heading.evaluate((element) => element === document.activeElement));
      await waitFor(`${name} in view`, async () => {
        const box = await heading.boundingBox();
        return box !== null && box.y >= 0 && box.y < 520;
      });
      await waitFor(`${name} marked current`, async () => (await sectionBar(page).getByRole('link', { name }).getAttribute('aria-current')) === 'location');
    }
    await sectionBar(page).getByRole('link', { name: 'General' }).click();
    await desktop.screenshot('settings-02-section-bar');
  });

  test('Do not disturb turns on and off with one click in the top bar, and says which', async () => {
    const { page } = desktop;
    await page.getByRole('button', { name: 'Dial' }).click();
    const pill = page.getByRole('banner').getByRole('button', { name: /^Do not disturb/ });
    assert.equal(await pill.getAttribute('aria-pressed'), 'false');
    await pill.getByText('Off').waitFor();
    await pill.click();
    await waitFor('on in main', () => desktop.phone.core.snapshot.settings.doNotDisturb === true);
    await pill.getByText('On').waitFor();
    assert.equal(await pill.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('.screen-dial').count(), 1, 'still on Dial: the pill did not open Settings');
    await desktop.screenshot('settings-03-dnd-on');
    await pill.click();
    await waitFor('off in main', () => desktop.phone.core.snapshot.settings.doNotDisturb === false);
    assert.equal(await pill.getAttribute('aria-pressed'), 'false');
  });

  test('the plain-text password warning can be dismissed, stays dismissed after a reload, and comes back for another storage', async () => {
    const { page } = desktop;
    const warning = page.getByRole('status').filter({ hasText: 'Passwords are stored without encryption' });
    await warning.waitFor();
    await warning.getByRole('button', { name: 'Dismiss' }).click();
    await warning.waitFor({ state: 'detached' });
    assert.equal(desktop.phone.core.snapshot.settings.dismissedCredentialWarning, desktop.phone.core.snapshot.credentialStorageId);
    await page.reload();
    await page.getByRole('button', { name: 'Dial' }).waitFor();
    await page.waitForTimeout(300);
    assert.equal(await warning.count(), 0, 'still dismissed after a reload');
    // A different storage than the one dismissed (the keyring went away, another backend): warned again.
    assert.ok(desktop.phone.core.updateSettings({ dismissedCredentialWarning: 'plain-text:some-other-backend' }).ok);
    await warning.waitFor();
  });

  test('in the browser host, settings the browser cannot apply say so and cannot be switched', async () => {
    const { page } = browserTab;
    await browserTab.phone.addAccount({ sipAddress: 'alice@127.0.0.1', password: 'secret', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    await openSettings(page);
    await sectionBar(page).getByRole('link', { name: 'General' }).click();
    const general = page.getByRole('region', { name: 'General' });
    for (const name of ['Start at login', 'Keep running in the tray when the window is closed', 'Open sip:, tel: and callto: links']) {
      const control = general.getByRole('switch', { name });
      assert.equal(await control.isDisabled(), true, name);
      assert.match((await control.getAttribute('aria-describedby')) ?? '', /./);
    }
    assert.ok((await general.getByText('Only the desktop app can do this; it has no effect in a browser tab.').count()) >= 4);
    assert.equal(await general.getByRole('textbox', { name: 'Global shortcut' }).isDisabled(), true);
    assert.equal(await page.getByRole('group', { name: /Start the softphone when you log in/ }).count(), 0, 'no question the browser could not act on');
    await browserTab.screenshot('settings-04-browser-host-general');
  });

  test('typed settings apply when the user leaves them, like every other setting: a STUN server, its removal, the shortcut', async () => {
    const { page } = desktop;
    await openSettings(page);
    await sectionBar(page).getByRole('link', { name: 'Network' }).click();
    const network = page.getByRole('region', { name: 'Network' });
    await network.getByRole('button', { name: 'Add server' }).click();
    await network.getByLabel('Server URL').fill('stun:127.0.0.1:3478');
    await sectionBar(page).getByRole('link', { name: 'General' }).click();
    await waitFor('the server applied in main', () => desktop.phone.core.snapshot.settings.iceServers.length === 1);
    await network.getByRole('status').getByText('Servers saved. New calls use them.').waitFor();
    await network.getByRole('button', { name: 'Remove server 1' }).click();
    await waitFor('the removal applied in main', () => desktop.phone.core.snapshot.settings.iceServers.length === 0);

    const shortcut = page.getByRole('textbox', { name: 'Global shortcut' });
    await shortcut.fill('CommandOrControl+Alt+K');
    await sectionBar(page).getByRole('link', { name: 'Accounts' }).click();
    await waitFor('the shortcut applied in main', () => desktop.phone.core.snapshot.settings.globalShortcut === 'CommandOrControl+Alt+K');
    await page.getByRole('status').getByText('Shortcut set to CommandOrControl+Alt+K.').waitFor();
  });

  test('in Chinese the section bar and the new words read in Chinese', async () => {
    const { page } = desktop;
    await setAppearance(desktop, { language: 'zh-CN' });
    await openSettingsIn(page, '设置');
    const bar = page.getByRole('navigation', { name: '设置分区' });
    for (const name of ['账户', '音频', '通话', '网络', '常规']) await bar.getByRole('link', { name }).waitFor();
    await bar.getByRole('link', { name: '常规' }).click();
    await page.getByRole('switch', { name: '开机自动启动' }).waitFor();
    await page.getByRole('button', { name: '保存快捷键' }).waitFor();
    await page.getByRole('banner').getByRole('button', { name: /^勿扰模式/ }).waitFor();
    await desktop.screenshot('settings-05-zh-CN');
    await setAppearance(desktop, { language: 'en' });
  });
});

const openSettingsIn = (page: Page, name: string) => page.getByRole('button', { name }).click();
