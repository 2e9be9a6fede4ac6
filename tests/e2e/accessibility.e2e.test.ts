/**
 * axe-core on every rail screen (iterating over the rail, so screens added
 * later are covered), the account form, the incoming-call panel and the call
 * panel, in light and dark: no serious or critical violation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { railButtons, setAppearance } from '../support/appearance';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  assert.ok(results.passes.length > 10, `axe ran its rules on ${where}`);
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${where}: ${violation.id} (${violation.impact}) ${violation.nodes.map((node) => `${node.html} ${node.failureSummary ?? ''}`).slice(0, 3).join(' | ')}`);
}

describe('accessibility (axe-core)', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair();
  });
  after(async () => pair?.close());

  for (const theme of ['light', 'dark'] as const) {
    test(`every rail screen and the account form, ${theme}`, async () => {
      const { alice } = pair;
      await setAppearance(alice, { theme });
      const problems: string[] = [];
      const count = await railButtons(alice).count();
      assert.ok(count >= 3, 'the rail has its screens');
      for (let index = 0; index < count; index += 1) {
        const button = railButtons(alice).nth(index);
        const name = (await button.textContent())?.trim() ?? String(index);
        await button.click();
        await alice.page.locator('nav.rail button[aria-current="page"]').nth(0).waitFor();
        problems.push(...(await seriousViolations(alice.page, `${theme} ${name}`)));
      }
      await alice.page.getByRole('button', { name: 'Settings' }).click();
      await alice.page.getByRole('button', { name: 'Add account' }).first().click();
      await alice.page.getByRole('button', { name: 'Save' }).click(); // shows the field errors too
      problems.push(...(await seriousViolations(alice.page, `${theme} account form`)));
      await alice.page.getByRole('button', { name: 'Cancel' }).click();
      assert.deepEqual(problems, []);
    });

    test(`incoming-call panel and call panel, ${theme}`, async () => {
      const { alice, bob } = pair;
      await Promise.all([setAppearance(alice, { theme }), setAppearance(bob, { theme })]);
      const problems: string[] = [];
      await dial(alice.page, 'bob');
      await incomingPanel(bob.page).waitFor();
      problems.push(...(await seriousViolations(bob.page, `${theme} incoming call`)));
      problems.push(...(await seriousViolations(alice.page, `${theme} calling`)));
      await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
      await callPanel(alice.page).getByText('Connected').waitFor();
      problems.push(...(await seriousViolations(alice.page, `${theme} in call`)));
      await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
      await callPanel(bob.page).getByText('Call ended').waitFor();
      problems.push(...(await seriousViolations(bob.page, `${theme} call ended`)));
      await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });
      await callPanel(bob.page).waitFor({ state: 'detached', timeout: 15_000 });
      assert.deepEqual(problems, []);
    });
  }
});
