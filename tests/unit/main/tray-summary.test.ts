import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountView } from '../../../app/account';
import type { AppSnapshot } from '../../../app/ipc-contract';
import type { RegistrationStatus } from '../../../app/registration-status';
import { SettingsSchema } from '../../../app/settings';
import { trayState, trayTooltip } from '../../../main/core/tray-summary';

function account(displayName: string, status: RegistrationStatus, enabled = true): AccountView {
  return { id: displayName, displayName, sipAddress: `${displayName}@x.test`, authUser: displayName, serverUrl: 'ws://x', enabled, keepAliveIntervalSec: 15, dtmfMethod: 'rfc4733', status };
}
function snapshot(accounts: AccountView[], inCall = false): AppSnapshot {
  const calls = inCall
    ? [{ id: 'c', accountId: 'a', direction: 'incoming' as const, remoteUri: 'sip:b@x', phase: 'connected' as const, startedAt: 0, isMuted: false }]
    : [];
  return { revision: 1, accounts, calls, credentialStorage: 'encrypted', notices: [], settings: SettingsSchema.parse({}), unreachablePeriods: [], history: [], unseenMissedCalls: 0 };
}

test('the tray aggregates account states at a glance', () => {
  const registered: RegistrationStatus = { kind: 'registered', expiresAt: 0 };
  const failed: RegistrationStatus = { kind: 'failed', reason: 'wrong-credentials', statusCode: 403 };
  assert.equal(trayState(snapshot([])), 'no-accounts');
  assert.equal(trayState(snapshot([account('a', registered), account('b', registered)])), 'all-reachable');
  assert.equal(trayState(snapshot([account('a', registered), account('b', failed)])), 'some-failing');
  assert.equal(trayState(snapshot([account('a', registered, false)])), 'all-offline');
  assert.equal(trayState(snapshot([account('a', registered)], true)), 'in-call');
});

test('the tooltip lists every account in words', () => {
  const text = trayTooltip(
    snapshot([account('Work', { kind: 'registered', expiresAt: 0 }), account('Home', { kind: 'failed', reason: 'wrong-credentials', statusCode: 401 })]),
  );
  assert.match(text, /Work: Registered/);
  assert.match(text, /Home: Registration failed: wrong credentials \(401\)/);
});
