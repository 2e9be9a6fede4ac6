/** The History screen's rules: each call's kind, the filter, the search and the days. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallRecord } from '../../../app/call-history';
import { callKind, dayName, groupByDay, startOfDay, visibleCalls } from '../../../app/history-view';

const at = (day: number, hour: number) => new Date(2026, 11, day, hour, 30).getTime();

function call(id: string, change: Partial<CallRecord>): CallRecord {
  const startedAt = change.startedAt ?? at(5, 10);
  return { id, accountId: 'a', direction: 'outgoing', remoteUri: `sip:${id}@example.com`, startedAt, endedAt: startedAt + 1_000, ...change };
}

test('every way a call can end has its own kind; busy and completed differ', () => {
  assert.equal(callKind(call('1', { answeredAt: at(5, 10) })), 'completed');
  assert.equal(callKind(call('2', { direction: 'incoming', answeredAt: at(5, 10) })), 'completed');
  assert.equal(callKind(call('3', { direction: 'incoming', outcome: 'missed' })), 'missed');
  assert.equal(callKind(call('4', { direction: 'incoming', outcome: 'dnd' })), 'missed');
  assert.equal(callKind(call('5', { direction: 'incoming', outcome: 'declined-here' })), 'declined');
  assert.equal(callKind(call('6', { outcome: 'busy' })), 'busy');
  assert.equal(callKind(call('7', { outcome: 'declined' })), 'busy');
  assert.equal(callKind(call('8', { outcome: 'cancelled-here' })), 'cancelled');
  assert.equal(callKind(call('9', { outcome: 'not-found' })), 'failed');
  assert.equal(callKind(call('10', {})), 'failed');
});

test('Missed shows missed calls only, newest first; the search finds names and addresses, without case or accents', () => {
  const records = [
    call('bob', { direction: 'incoming', outcome: 'missed', startedAt: at(4, 9) }),
    call('zoe', { direction: 'incoming', answeredAt: at(5, 9), startedAt: at(5, 9) }),
    call('carol', { direction: 'incoming', outcome: 'missed', startedAt: at(5, 11) }),
  ];
  const words = (record: CallRecord) => (record.id === 'zoe' ? ['Zoë Ångström', record.remoteUri] : [record.remoteUri]);
  assert.deepEqual(visibleCalls(records, 'all', '', words).map((r) => r.id), ['carol', 'zoe', 'bob']);
  assert.deepEqual(visibleCalls(records, 'missed', '', words).map((r) => r.id), ['carol', 'bob']);
  assert.deepEqual(visibleCalls(records, 'all', ' ZOE ', words).map((r) => r.id), ['zoe']);
  assert.deepEqual(visibleCalls(records, 'all', 'bob@example', words).map((r) => r.id), ['bob']);
  assert.deepEqual(visibleCalls(records, 'missed', 'zoe', words), []);
});

test('calls are grouped by local day, and the days are named relative to now', () => {
  const newestFirst = [call('c', { startedAt: at(5, 23) }), call('b', { startedAt: at(5, 0) }), call('a', { startedAt: at(4, 23) }), call('old', { startedAt: at(1, 8) })];
  const days = groupByDay(newestFirst);
  assert.deepEqual(days.map((day) => day.calls.map((r) => r.id)), [['c', 'b'], ['a'], ['old']]);
  assert.equal(days[0]!.dayStart, startOfDay(at(5, 12)));
  const now = at(5, 23);
  assert.deepEqual(days.map((day) => dayName(day.dayStart, now)), ['today', 'yesterday', 'earlier']);
});
