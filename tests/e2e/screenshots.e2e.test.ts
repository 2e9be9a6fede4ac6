/**
 * README screenshots: docs/screenshots/<lang>-<theme>-<screen>.png for Dial,
 * Messages, History, Settings (top, Network, General), a call and an incoming call, in English and Chinese,
 * light and dark, at the smallest supported window (720×520).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SupportedLanguage } from '../../app/language';
import { railButtons, setAppearance } from '../support/appearance';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import type { SoftphoneUnderTest } from '../support/softphone-under-test';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';

const DIRECTORY = resolve('docs/screenshots');
const WINDOW = { width: 720, height: 520 };

describe('screenshots', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair({ asDesktopApp: true });
    await Promise.all([pair.alice.page.setViewportSize(WINDOW), pair.bob.page.setViewportSize(WINDOW)]);
    mkdirSync(DIRECTORY, { recursive: true });
    // Some history to show: one answered call, one declined.
    await pair.connectCall();
    await callPanel(pair.alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(pair.alice.page).waitFor({ state: 'detached', timeout: 15_000 });
    await callPanel(pair.bob.page).waitFor({ state: 'detached', timeout: 15_000 });
    await dial(pair.alice.page, 'bob');
    await incomingPanel(pair.bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(pair.alice.page).waitFor({ state: 'detached', timeout: 15_000 });
  });
  after(async () => pair?.close());

  const shoot = (softphone: SoftphoneUnderTest, name: string) => softphone.page.screenshot({ path: join(DIRECTORY, `${name}.png`) });

  // Rail buttons by position (Dial, Contacts, Messages, History, Settings), so it works in any language.
  for (const language of ['en', 'zh-CN'] as SupportedLanguage[]) {
    for (const theme of ['light', 'dark'] as const) {
      test(`${language} ${theme}`, async () => {
        const { alice, bob } = pair;
        const prefix = `${language}-${theme}`;
        await Promise.all([setAppearance(alice, { language, theme }), setAppearance(bob, { language, theme })]);
        await railButtons(alice).first().click();
        await alice.page.getByRole('main').getByRole('combobox').first().fill('bob');
        await shoot(alice, `${prefix}-dial`);
        await railButtons(alice).nth(1).click();
        await alice.page.locator('.contacts-screen').waitFor();
        await shoot(alice, `${prefix}-contacts`);
        await railButtons(alice).nth(2).click();
        await alice.page.locator('.messages-screen').waitFor();
        await shoot(alice, `${prefix}-messages`);
        await railButtons(alice).nth(3).click();
        await alice.page.locator('.history-screen').waitFor();
        await shoot(alice, `${prefix}-history`);
        await railButtons(alice).last().click();
        await alice.page.locator('.screen-settings').waitFor();
        await shoot(alice, `${prefix}-settings`);
        // Through the section bar, as a user would; the bar then marks the section shown.
        await alice.page.locator('.settings-nav a[href="#settings-network"]').click();
        await alice.page.locator('.settings-nav a[href="#settings-network"][aria-current]').waitFor();
        await shoot(alice, `${prefix}-settings-network`);
        await alice.page.locator('.settings-nav a[href="#settings-general"]').click();
        await alice.page.locator('.settings-nav a[href="#settings-general"][aria-current]').waitFor();
        await shoot(alice, `${prefix}-settings-general`);

        await railButtons(alice).first().click();
        await railButtons(bob).first().click();
        await alice.page.locator('form.dialer').evaluate((form: HTMLFormElement) => form.requestSubmit());
        
        await bob.page.locator('.incoming-panel .button-answer').waitFor();
        await shoot(bob, `${prefix}-incoming`);
        await bob.page.locator('.incoming-panel .button-answer').click();
        await alice.page.locator('.call-row[data-phase="connected"]').waitFor();
        await shoot(alice, `${prefix}-in-call`);
        await alice.page.locator('.call-row .button-danger').first().click();
        await alice.page.locator('.call-panel').waitFor({ state: 'detached', timeout: 15_000 });
        await bob.page.locator('.call-panel').waitFor({ state: 'detached', timeout: 15_000 });
      });
    }
  }
});
