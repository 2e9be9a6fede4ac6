/**
 * Call history as both parties see it: answered, declined, and missed calls
 * (including those main turned away itself), the missed-calls badge,
 * calling back, and the history surviving a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { CallRecord } from '../../app/call-history';
import { setAppearance } from '../support/appearance';
import { startTestCore } from '../support/core-fixture';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

describe('call history', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair();
  });
  after(async () => pair?.close());

  const historyOf = (who: 'alice' | 'bob') => pair[who].phone.core.snapshot.history;

  test('an answered call and a declined one are in both histories, with their outcome', async () => {
    const { alice, bob } = pair;
    await pair.connectCall();
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await waitFor('two entries on each side', () => historyOf('alice').length === 2 && historyOf('bob').length === 2, 10_000);

    const [aliceAnswered, aliceDeclined] = historyOf('alice');
    assert.equal(aliceAnswered!.direction, 'outgoing');
    assert.ok(aliceAnswered!.answeredAt && aliceAnswered!.endedAt >= aliceAnswered!.answeredAt);
    assert.equal(aliceDeclined!.outcome, 'busy');
    const [bobAnswered, bobDeclined] = historyOf('bob');
    assert.equal(bobAnswered!.direction, 'incoming');
    assert.match(bobAnswered!.remoteUri, /alice@/);
    assert.equal(bobDeclined!.outcome, 'declined-here');
    assert.equal(bob.phone.core.snapshot.unseenMissedCalls, 0, 'declining is not missing');
  });

  test('a call turned away by Do not disturb is a missed call: badge, history, call back', async () => {
    const { alice, bob } = pair;
    // The declined call of the previous test still shows "Busy" for a while.
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });
    await bob.phone.invoke('settings:update', { doNotDisturb: true });
    await dial(alice.page, 'bob');
    await callPanel(alice.page).getByText('Busy').waitFor();
    await bob.phone.invoke('settings:update', { doNotDisturb: false });

    const historyButton = bob.page.getByRole('button', { name: 'History, 1 missed call' });
    await historyButton.waitFor({ timeout: 5_000 }).catch((error: unknown) => {
      throw new Error(`${String(error)}; unseen=${bob.phone.core.snapshot.unseenMissedCalls} history=${JSON.stringify(historyOf('bob').map((r) => r.outcome))}`);
    });
    await historyButton.click();
    const entry = bob.page.getByRole('listitem').filter({ hasText: 'Missed' }).first();
    await entry.getByText(/alice/i).first().waitFor();
    await bob.screenshot('08-history-missed');
    await bob.page.getByRole('button', { name: 'History', exact: true }).waitFor();
    assert.equal(bob.phone.core.snapshot.unseenMissedCalls, 0, 'opening the history clears the badge');

    await entry.getByRole('button', { name: /^Call / }).click();
    await incomingPanel(alice.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(bob.page).getByText('Busy').waitFor();
  });

  test('the history survives a restart', async () => {
    const { bob } = pair;
    const before = historyOf('bob').map((record) => record.id);
    await bob.phone.core.stop();
    const restarted = startTestCore({ profileDir: bob.phone.profileDir });
    try {
      assert.deepEqual(
        restarted.core.snapshot.history.map((record) => record.id),
        before,
      );
    } finally {
      await restarted.stop({ removeProfile: false });
    }
  });
});

/** The History screen on its own: calls written into main's history as a peer would leave them, no server needed. */
describe('history screen', () => {
  let phone: SoftphoneUnderTest;
  let accountId: string;
  const now = Date.now();
  const today = (secondsAgo: number) => now - secondsAgo * 1000;
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  const yesterday = midnight - 3 * 3_600_000;

  const records: Omit<CallRecord, 'accountId'>[] = [
    { id: 'in-ok', direction: 'incoming', remoteUri: 'sip:zoe@127.0.0.1', remoteName: 'Zoë Ångström', startedAt: today(70), answeredAt: today(68), endedAt: today(41) },
    { id: 'out-ok', direction: 'outgoing', remoteUri: 'sip:erin@127.0.0.1', startedAt: today(60), answeredAt: today(59), endedAt: today(50) },
    { id: 'missed', direction: 'incoming', remoteUri: 'sip:carol@127.0.0.1', remoteName: 'Carol', startedAt: today(40), endedAt: today(35), outcome: 'missed' },
    { id: 'declined', direction: 'incoming', remoteUri: 'sip:frank@127.0.0.1', startedAt: today(30), endedAt: today(29), outcome: 'declined-here' },
    { id: 'busy', direction: 'outgoing', remoteUri: 'sip:gina@127.0.0.1', startedAt: today(20), endedAt: today(19), outcome: 'busy', outcomeStatusCode: 486 },
    { id: 'cancelled', direction: 'outgoing', remoteUri: 'sip:hank@127.0.0.1', startedAt: today(15), endedAt: today(14), outcome: 'cancelled-here' },
    { id: 'failed', direction: 'outgoing', remoteUri: 'sip:nobody@127.0.0.1', startedAt: today(10), endedAt: today(9), outcome: 'not-found', outcomeStatusCode: 404 },
    { id: 'old-missed', direction: 'incoming', remoteUri: 'sip:dave@127.0.0.1', remoteName: 'Dave', startedAt: yesterday, endedAt: yesterday + 5_000, outcome: 'missed' },
  ];

  const screen = () => phone.page.getByRole('region', { name: /^(History|通话记录)$/ });
  const row = (name: string | RegExp) => screen().getByRole('listitem').filter({ hasText: name });
  const shownNames = async (page: Page) => page.locator('.history-row .history-name').allTextContents();

  before(async () => {
    assertE2ePrerequisites();
    phone = await startSoftphone('lists-history', 700, { width: 720, height: 520 });
    accountId = await phone.phone.addAccount({ sipAddress: 'alice@127.0.0.1', password: 'secret', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    for (const record of records) assert.ok((await phone.phone.invoke('history:record', { ...record, accountId })).ok, record.id);
    await phone.page.getByRole('button', { name: /^History/ }).click();
    await screen().waitFor();
  });
  after(async () => phone?.close());

  test('calls are grouped under Today and Yesterday, each kind with its own icon and its word', async () => {
    const todayGroup = screen().getByRole('region', { name: 'Today' });
    const yesterdayGroup = screen().getByRole('region', { name: 'Yesterday' });
    assert.equal(await todayGroup.getByRole('listitem').count(), 7);
    assert.equal(await yesterdayGroup.getByRole('listitem').count(), 1);
    assert.deepEqual(await shownNames(phone.page), ['nobody@127.0.0.1', 'hank@127.0.0.1', 'gina@127.0.0.1', 'frank@127.0.0.1', 'Carol', 'erin@127.0.0.1', 'Zoë Ångström', 'Dave']);
    const expected: [string, string][] = [
      ['Zoë', 'Incoming'],
      ['erin', 'Outgoing'],
      ['Carol', 'Missed'],
      ['frank', 'Declined'],
      ['gina', 'Busy'],
      ['hank', 'Cancelled'],
      ['nobody', 'Failed'],
    ];
    const icons = new Map<string, string>();
    for (const [name, word] of expected) {
      const entry = row(name);
      assert.equal(await entry.locator('.history-kind').textContent(), word, name);
      icons.set(word, await entry.locator('svg').first().innerHTML());
    }
    assert.equal(new Set(icons.values()).size, expected.length, 'every kind has its own icon (busy is not drawn as a completed call)');
    await row('nobody').getByText('Not found: this number', { exact: false }).waitFor();
    await phone.screenshot('history-01-days-kinds');
    const results = await new AxeBuilder({ page: phone.page }).include('.history-screen').analyze();
    assert.deepEqual(results.violations.map((violation) => violation.id), []);
  });

  test('Missed shows only missed calls; the search finds a name without its accents', async () => {
    const { page } = phone;
    const filter = screen().getByRole('group', { name: 'Show' });
    await filter.getByRole('button', { name: 'Missed' }).click();
    assert.equal(await filter.getByRole('button', { name: 'Missed' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await shownNames(page), ['Carol', 'Dave']);
    await filter.getByRole('button', { name: 'All' }).click();
    await screen().getByRole('searchbox', { name: 'Search history' }).fill('zoe');
    await waitFor('one result', async () => (await shownNames(page)).join() === 'Zoë Ångström');
    await screen().getByRole('searchbox', { name: 'Search history' }).fill('nothing like this');
    await screen().getByText('No call matches “nothing like this”.').waitFor();
    await screen().getByRole('searchbox', { name: 'Search history' }).fill('');
  });

  test('deleting one call goes through main and can be undone', async () => {
    await row('Carol').getByRole('button', { name: 'Delete the call with Carol' }).click();
    await screen().getByRole('status').getByText('Deleted the call with Carol.').waitFor();
    await waitFor('main to delete it', () => !phone.phone.core.snapshot.history.some((record) => record.id === 'missed'));
    assert.equal(await row('Carol').count(), 0);
    // Focus moved to Undo, so the keyboard user can take it back at once.
    await phone.page.keyboard.press('Enter');
    await row('Carol').waitFor();
    assert.ok(phone.phone.core.snapshot.history.some((record) => record.id === 'missed'));
  });

  test('Add to contacts opens a new contact with the caller\'s name and address', async () => {
    const { page } = phone;
    await row('Carol').getByRole('button', { name: 'Add Carol to contacts' }).click();
    const form = page.getByRole('form', { name: 'New contact' });
    await form.waitFor();
    assert.equal(await form.getByLabel('Name', { exact: true }).inputValue(), 'Carol');
    assert.equal(await form.getByRole('textbox', { name: 'Number or SIP address 1' }).inputValue(), 'carol@127.0.0.1');
    assert.equal(await form.getByRole('combobox', { name: 'Label of number 1' }).locator('option:checked').textContent(), 'Extension');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^History/ }).click();
    // A saved contact is named by the contact and offers no second "Add".
    await row('Carol').getByRole('button', { name: 'Call Carol' }).waitFor();
    assert.equal(await row('Carol').getByRole('button', { name: 'Add Carol to contacts' }).count(), 0);
  });

  test('in Chinese the days, kinds and controls read in Chinese', async () => {
    await setAppearance(phone, { language: 'zh-CN' });
    await screen().getByRole('region', { name: '今天' }).waitFor();
    await screen().getByRole('region', { name: '昨天' }).waitFor();
    assert.equal(await row('gina').locator('.history-kind').textContent(), '对方忙');
    await screen().getByRole('group', { name: '显示' }).getByRole('button', { name: '未接' }).waitFor();
    await screen().getByRole('searchbox', { name: '搜索通话记录' }).waitFor();
    await phone.screenshot('history-02-zh-CN');
    await setAppearance(phone, { language: 'en' });
  });

  test('Clear history asks first; Keep keeps everything, Delete all empties it in main', async () => {
    const clear = screen().getByRole('button', { name: 'Clear history' });
    await clear.click();
    const question = screen().getByRole('group', { name: 'Delete all 8 calls in history? This cannot be undone.' });
    await question.getByRole('button', { name: 'Keep' }).click();
    assert.equal(phone.phone.core.snapshot.history.length, 8);
    await clear.click();
    await phone.screenshot('history-03-clear-question');
    await question.getByRole('button', { name: 'Delete all' }).click();
    await screen().getByText('No calls yet.').waitFor();
    await screen().getByRole('status').getByText('History cleared.').waitFor();
    assert.deepEqual(phone.phone.core.snapshot.history, []);
  });
});
