/**
 * Which outages the one "you may have missed calls" warning sums up (the
 * banner itself is checked in tests/e2e/missed-calls-banner.e2e.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountView } from '../../../../app/account';
import type { UnreachablePeriodView } from '../../../../app/ipc-contract';
import { missedCallsSummary } from '../../../../renderer/ui/Banners';

const account = (id: string, displayName: string): AccountView => ({
  id,
  displayName,
  sipAddress: `${id}@example.com`,
  authUser: id,
  serverUrl: 'wss://sip.example.com/ws',
  enabled: true,
  keepAliveIntervalSec: 15,
  dtmfMethod: 'rfc4733',
  status: { kind: 'registered', expiresAt: Date.now() + 60_000 },
});

const HOUR = 3_600_000;
const start = Date.UTC(2026, 0, 5, 8, 0);
const outages = (accountId: string, count: number, offset = 0): UnreachablePeriodView[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `${accountId}-${index}`,
    accountId,
    from: start + (offset + index) * HOUR,
    to: start + (offset + index) * HOUR + 60_000,
    detail: { code: 'connection-lost', params: { closedBy: 'server' } },
    acknowledged: false,
  }));

test('dismissing covers every outage it summarises, and nothing of a removed account or a seen outage', () => {
  const periods = [...outages('alice', 3), ...outages('gone', 2), { ...outages('alice', 1, 9)[0]!, id: 'seen', acknowledged: true }];
  const summary = missedCallsSummary(periods, [account('alice', 'Alice')]);
  assert.deepEqual(summary?.periodIds, ['alice-0', 'alice-1', 'alice-2']);
  assert.deepEqual(summary?.accounts.map((view) => view.id), ['alice']);
  assert.deepEqual([summary?.from, summary?.to], [start, start + 2 * HOUR + 60_000]);
  assert.equal(missedCallsSummary([], [account('alice', 'Alice')]), undefined);
});
