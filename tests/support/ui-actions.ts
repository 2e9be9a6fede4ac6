/** What a user does in the softphone window, by accessible role and name. */
import type { Locator, Page } from 'playwright-core';

export async function addAccountThroughUi(page: Page, account: { displayName?: string; sipAddress: string; password: string; serverUrl: string }): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Add account' }).first().click();
  if (account.displayName) await page.getByLabel('Display name').fill(account.displayName);
  await page.getByLabel('SIP address').fill(account.sipAddress);
  await page.getByLabel('Password').fill(account.password);
  await page.getByLabel('WebSocket server').fill(account.serverUrl);
  await page.getByRole('button', { name: 'Save' }).click();
}

export async function expectAccountStatus(page: Page, name: string, status: string | RegExp, timeout = 10_000): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${name}: `) }).filter({ hasText: status }).first().waitFor({ timeout });
}

export async function dial(page: Page, target: string): Promise<void> {
  await page.getByRole('button', { name: 'Dial' }).click();
  await page.getByRole('combobox', { name: 'Number or SIP address' }).fill(target);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
}

export async function openContacts(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Contacts' }).click();
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
}

export const incomingPanel = (page: Page) => page.getByRole('alertdialog', { name: 'Incoming call' });
export const callPanel = (page: Page) => page.getByRole('region', { name: 'Call', exact: true });

/** One line in the call panel, found by the other party's name or address. */
export const callRow = (page: Page, remote: RegExp) => callPanel(page).getByRole('listitem', { name: remote });

/** Ends every call the page shows (hang up, cancel, decline, close an ended one) and waits until its call panel is gone. */
/**
 * Clicks every element `buttons` lists now. One may be gone a moment later
 * (the call an earlier click ended took its panel or conference along): it
 * gets 2 s, not Playwright's 30 s.
 */
export async function clickEachListed(buttons: Locator): Promise<void> {
  for (const button of await buttons.all()) await button.click({ timeout: 2_000 }).catch(() => undefined);
}

export async function endCalls(page: Page): Promise<void> {
  for (const panel of [incomingPanel(page), callPanel(page)]) {
    for (const name of ['Hang up', 'Cancel', 'Decline', 'Close']) {
      await clickEachListed(panel.getByRole('button', { name, exact: true }));
    }
  }
  await callPanel(page).waitFor({ state: 'detached', timeout: 15_000 });
}
