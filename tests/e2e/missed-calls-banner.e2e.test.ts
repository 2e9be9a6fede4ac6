/**
 * Seven outages while the user was away: the window shows one "you may have
 * missed calls" warning that says how many, and one Dismiss acknowledges
 * them all.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { plainTextVault } from '../../main/core/credential-vault';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { waitFor } from '../support/wait-for';

const OUTAGES = 7;

describe('missed-calls warnings after many outages', () => {
  let erin: SoftphoneUnderTest;
  let profileDir: string;
  let outageIds: string[];

  before(async () => {
    assertE2ePrerequisites();
    profileDir = mkdtempSync(join(tmpdir(), 'softphone-profile-'));
    const accountId = randomUUID();
    const account = {
      id: accountId,
      displayName: 'Erin',
      user: 'erin',
      domain: 'softphone.test',
      authUser: 'erin',
      // Nothing listens here: the account stays unregistered (an interruption of its own, still open, so no warning yet).
      serverUrl: 'ws://127.0.0.1:9',
      enabled: true,
      instanceId: randomUUID(),
      sealedPassword: plainTextVault.seal('secret'),
    };
    const hour = 3_600_000;
    const firstAt = Date.now() - 10 * hour;
    const periods = Array.from({ length: OUTAGES }, (_, index) => ({
      id: randomUUID(),
      accountId,
      from: firstAt + index * hour,
      to: firstAt + index * hour + 120_000,
      detail: { code: 'connection-lost', params: { closedBy: 'server', closeCode: 1001 } },
      acknowledged: false,
    }));
    outageIds = periods.map((period) => period.id);
    writeFileSync(join(profileDir, 'accounts.json'), JSON.stringify({ accounts: [account] }));
    writeFileSync(join(profileDir, 'reachability.json'), JSON.stringify({ reachability: { periods, lastAliveAt: Date.now(), wasStoppedCleanly: true } }));
    erin = await startSoftphone('erin', 440, undefined, { profileDir });
  });

  after(async () => {
    await erin?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  test('one warning says how many times; Dismiss acknowledges every outage', async () => {
    const warnings = erin.page.getByRole('alert').filter({ hasText: 'You may have missed calls on Erin' });
    await warnings.first().waitFor();
    assert.equal(await warnings.count(), 1, 'one warning, not one per outage');
    assert.match((await warnings.textContent()) ?? '', new RegExp(`could not receive calls ${OUTAGES} times between`));
    // Why, worded by the UI from the stored code.
    await warnings.getByText('Connection lost (closed by the server, WebSocket code 1001)').waitFor();
    await erin.screenshot('missed-calls-coalesced');
    await warnings.getByRole('button', { name: 'Dismiss' }).click();
    await warnings.first().waitFor({ state: 'detached' });
    const isAcknowledged = (id: string) => erin.phone.core.snapshot.unreachablePeriods.some((period) => period.id === id && period.acknowledged);
    await waitFor('every outage acknowledged', () => outageIds.every(isAcknowledged) || undefined);
  });
});
