/**
 * Call history as both parties see it: answered, declined, and missed calls
 * (including those main turned away itself), the missed-calls badge,
 * calling back, and the history surviving a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestCore } from '../support/core-fixture';
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
