/**
 * What the user sees when the SIP server goes away and comes back, in the
 * real UI against a real Kamailio: the chip turns "Unreachable (calls may be
 * missed)", a warning about possibly missed calls follows once registered
 * again and can be dismissed, and the General settings reach main.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logFolderOf } from '../../main/core/logger';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { assertE2ePrerequisites, SCREENSHOT_DIR, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { addAccountThroughUi, expectAccountStatus } from '../support/ui-actions';
import { sleep, waitFor } from '../support/wait-for';

const SMALL = { width: 720, height: 520 };
const LARGE = { width: 1100, height: 720 };
/** Periods up to 5 s are not worth a warning; the outage here lasts longer. */
const OUTAGE_MS = 6_000;

describe('registration status, missed calls and general settings in the UI', () => {
  let kamailio: KamailioServer;
  let erin: SoftphoneUnderTest;
  let accountId: string;

  const settingsScreen = () => erin.page.getByRole('region', { name: 'Settings' });
  const missedCallsBanner = () => erin.page.getByRole('alert').filter({ hasText: 'You may have missed calls on Alice between' });

  /** Saves the page at the small window size and at a larger one. */
  async function screenshots(label: string): Promise<void> {
    await erin.screenshot(label);
    await erin.page.setViewportSize(LARGE);
    await erin.screenshot(`${label}-large`);
    await erin.page.setViewportSize(SMALL);
  }

  before(async () => {
    assertE2ePrerequisites();
    kamailio = await startKamailio();
    erin = await startSoftphone('erin', 700, SMALL);
    await addAccountThroughUi(erin.page, {
      displayName: 'Alice',
      sipAddress: `alice@${kamailio.domain}`,
      password: kamailio.users.alice!,
      serverUrl: kamailio.wsUrl,
    });
    await expectAccountStatus(erin.page, 'Alice', 'Registered');
    accountId = erin.phone.core.snapshot.accounts[0]!.id;
  });

  after(async () => {
    await erin?.close();
    await kamailio?.stop();
  });

  test('a dead server turns the chip "Unreachable (calls may be missed)" with since when and why', async () => {
    const { page } = erin;
    await kamailio.kill();
    await expectAccountStatus(page, 'Alice', 'Unreachable (calls may be missed)');
    await page.getByRole('button', { name: /^Alice: / }).click();
    const details = page.getByRole('dialog', { name: 'Alice details' });
    await details.getByText(/^Unreachable since /).waitFor();
    // Why, worded by the UI from main's code: the connection dropped, then nothing answers.
    await details.getByText(/^Cause: (Connection lost \((closed by the server|network error)\)|Nothing answers SIP at 127\.0\.0\.1:\d+ over WebSocket\. Check the port and the transport \(UDP, TCP, TLS, WebSocket\)\.)$/).waitFor();
    await details.getByRole('button', { name: 'Retry now' }).waitFor();
    // The core reconnects at once, then backs off: a countdown appears.
    await details.getByText(/Next attempt in \d+ s|Next attempt any moment/).waitFor();
    await screenshots('20-unreachable');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    // An ongoing outage shows on the chip only.
    assert.equal(await missedCallsBanner().count(), 0, 'no missed-calls warning while the outage lasts');
  });

  test('back online: Registered again, a missed-calls warning names the account, Dismiss acknowledges it', async () => {
    const { page } = erin;
    const status = erin.phone.account(accountId)?.status;
    assert.equal(status?.kind, 'unreachable');
    if (status?.kind === 'unreachable') await sleep(Math.max(0, status.since + OUTAGE_MS - Date.now()));
    await kamailio.start();
    // The core retries on its own (backing off 0.5–1 s, 1–2 s, 2–4 s …).
    await expectAccountStatus(page, 'Alice', 'Registered', 15_000);

    const banner = missedCallsBanner();
    await banner.waitFor();
    const period = await waitFor('a closed period', () =>
      erin.phone.core.snapshot.unreachablePeriods.find((candidate) => candidate.accountId === accountId && candidate.to !== undefined),
    );
    assert.equal(period.acknowledged, false);
    assert.ok(period.to! - period.from > 5_000, `the period lasted ${period.to! - period.from} ms`);
    assert.equal(period.detail.code, 'connection-lost', 'the period says why as a code');
    await banner.getByText(/^Connection lost \((closed by the server|network error)\)$/).waitFor();
    await screenshots('21-missed-calls-banner');

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
    const periods = erin.phone.core.snapshot.unreachablePeriods.filter((candidate) => candidate.accountId === accountId);
    assert.ok(periods.length >= 1);
    assert.ok(
      periods.filter((candidate) => candidate.to !== undefined).every((candidate) => candidate.acknowledged),
      `every closed period is acknowledged: ${JSON.stringify(periods)}`,
    );
  });

  test('Settings lists the interruption under the account\'s "Reachability"', async () => {
    const { page } = erin;
    await page.getByRole('button', { name: 'Settings' }).click();
    const item = page.getByRole('listitem', { name: /Alice/ });
    const disclosure = item.getByRole('button', { name: 'Reachability' });
    assert.equal(await disclosure.getAttribute('aria-expanded'), 'false');
    await disclosure.click();
    assert.equal(await disclosure.getAttribute('aria-expanded'), 'true');
    // "10:02:05 – 10:02:12 · 7 s · Connection lost (closed by the server)"
    await item.getByText(/ – .+ · \d+ (s|min)/).first().waitFor();
    await item.getByText(/· Connection lost \((closed by the server|network error)\)$/).first().waitFor();
  });

  test('Do not disturb in Settings reaches main and shows in the top bar', async () => {
    const { page } = erin;
    await page.getByRole('button', { name: 'Settings' }).click();
    const general = settingsScreen().getByRole('region', { name: 'General' });
    const calls = settingsScreen().getByRole('region', { name: 'Calls', exact: true });
    await general.waitFor();
    // The browser host cannot open a folder: the page shows where the log files are.
    await general.getByText(`They are kept in ${logFolderOf(erin.phone.profileDir)}`).waitFor();
    assert.equal(await general.getByRole('button', { name: 'Open log folder' }).count(), 0);
    // Offered, not turned on by itself (and the browser host cannot do it at all).
    assert.equal(await general.getByRole('switch', { name: 'Start at login' }).isChecked(), false);
    assert.equal(await general.getByRole('switch', { name: 'Keep running in the tray when the window is closed' }).isChecked(), true);

    const topBarPill = page.getByRole('banner').getByRole('button', { name: /^Do not disturb/ });
    assert.equal(await topBarPill.getAttribute('aria-pressed'), 'false');
    const doNotDisturb = calls.getByRole('switch', { name: 'Do not disturb', exact: true });
    await doNotDisturb.check();
    await waitFor('doNotDisturb in main', () => erin.phone.core.snapshot.settings.doNotDisturb === true);
    await waitFor('the pill shows it', async () => (await topBarPill.getAttribute('aria-pressed')) === 'true');

    await calls.getByLabel('Answer callers with').selectOption({ label: '603 Decline' });
    await waitFor('603 in main', () => erin.phone.core.snapshot.settings.doNotDisturbStatusCode === 603);
    await general.getByRole('heading', { name: 'General' }).scrollIntoViewIfNeeded();
    await screenshots('22-settings-general');

    // One click on the pill, from any screen, turns it off again; the switch follows.
    await page.getByRole('button', { name: 'Dial' }).click();
    await topBarPill.click();
    await waitFor('doNotDisturb off in main', () => erin.phone.core.snapshot.settings.doNotDisturb === false);
    assert.equal(await topBarPill.getAttribute('aria-pressed'), 'false');
    await page.getByRole('button', { name: 'Settings' }).click();
    assert.equal(await doNotDisturb.isChecked(), false);
  });

  test('the keep-alive interval sits under "Advanced" and is checked like every field', async () => {
    const { page } = erin;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('listitem', { name: /Alice/ }).getByRole('button', { name: 'Edit' }).click();
    const advanced = page.getByRole('button', { name: 'Advanced' });
    assert.equal(await advanced.getAttribute('aria-expanded'), 'false');
    await advanced.click();
    const field = page.getByLabel('Keep-alive interval (seconds)');
    assert.equal(await field.inputValue(), '15');
    await field.fill('3');
    await advanced.click(); // closed again: Save must open it to show the error
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The keep-alive interval must be between 5 and 300 seconds.').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(await field.evaluate((element) => element === document.activeElement), true, 'the invalid field has focus');
    await erin.screenshot('23-keep-alive-error');
    await field.fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Alice was saved.').waitFor();
    await waitFor('keep-alive 30 s in main', () => erin.phone.account(accountId)?.keepAliveIntervalSec === 30);
    await expectAccountStatus(page, 'Alice', 'Registered');
  });

  test('the same screens in Simplified Chinese', async () => {
    const context = await erin.browser.newContext({ viewport: SMALL, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto(erin.host.url);
      await page.getByRole('button', { name: '设置' }).click();
      await page.getByRole('region', { name: '常规' }).waitFor();
      await page.getByRole('button', { name: '连接中断记录' }).first().click();
      await page.screenshot({ path: join(SCREENSHOT_DIR, '24-settings-zh-CN.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
