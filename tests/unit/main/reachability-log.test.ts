/**
 * The reachability log keeps why as a code, and still lists the periods
 * earlier versions wrote with an English sentence, worded anew.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataFile } from '../../../main/core/data-file';
import { ReachabilityLog } from '../../../main/core/reachability-log';

function memoryFile(initial: Record<string, unknown> = {}): DataFile & { data: Record<string, unknown> } {
  const data = structuredClone(initial);
  return { data, path: '/memory/reachability.json', get: (key) => data[key], set: (key, value) => void (data[key] = structuredClone(value)) };
}

test('a period records why as a code with its values', () => {
  const file = memoryFile();
  const log = new ReachabilityLog(file, () => 1_000);
  log.startPeriod('a', { code: 'connection-lost', params: { closedBy: 'server', closeCode: 1001 } });
  log.endPeriod('a');
  assert.deepEqual(
    log.periods().map(({ accountId, from, to, detail }) => ({ accountId, from, to, detail })),
    [{ accountId: 'a', from: 1_000, to: 1_000, detail: { code: 'connection-lost', params: { closedBy: 'server', closeCode: 1001 } } }],
  );
  assert.ok(!JSON.stringify(file.data).includes('Connection lost'), 'no sentence is stored');
});

test('periods written by earlier versions (English reasons) are kept and read as codes', () => {
  const old = (id: string, reason: string) => ({ id, accountId: 'a', from: 1, to: 2, reason, acknowledged: false });
  const file = memoryFile({
    reachability: {
      wasStoppedCleanly: true,
      periods: [
        old('1', 'The server stopped answering keep-alives'),
        old('2', 'Connection lost (closed-by-server)'),
        old('3', 'Cannot reach the server (ECONNREFUSED).'),
        old('4', '503 Service Unavailable'),
        old('5', 'Something a later version said'),
        { id: '6', accountId: 'a', from: 1, to: 2, detail: { code: 'a-newer-code' }, acknowledged: true },
        { id: '7', accountId: 'a', from: 'not a time' },
      ],
    },
  });
  const periods = new ReachabilityLog(file).periods();
  assert.deepEqual(
    periods.map(({ id, detail }) => [id, detail]),
    [
      ['1', { code: 'dead-peer' }],
      ['2', { code: 'connection-lost', params: { closedBy: 'server' } }],
      ['3', { code: 'cannot-reach', params: { error: 'ECONNREFUSED' } }],
      ['4', { code: 'server-rejected', params: { statusCode: 503, reason: 'Service Unavailable' } }],
      ['5', { code: 'unknown' }],
      ['6', { code: 'unknown' }],
    ],
    'every readable period is kept; one that does not read is left out alone',
  );
  assert.equal(periods.find((period) => period.id === '6')?.acknowledged, true);
});
