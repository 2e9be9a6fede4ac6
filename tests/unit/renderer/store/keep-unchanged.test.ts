import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useSoftphoneStore } from '../../../../renderer/store/softphone-store';
import type { AppSnapshot } from '../../../../app/ipc-contract';

const snapshotWith = (revision: number, calls: unknown[]): AppSnapshot =>
  ({ revision, accounts: [{ id: 'a1', displayName: 'Alice' }], settings: { doNotDisturb: false }, history: [], calls }) as unknown as AppSnapshot;

test('a snapshot where only the calls changed leaves the accounts, settings and history objects as they were', () => {
  const store = useSoftphoneStore.getState();
  store.applySnapshot(snapshotWith(1, []));
  const first = useSoftphoneStore.getState().snapshot!;
  store.applySnapshot(snapshotWith(2, [{ id: 'c1', phase: 'calling' }]));
  const second = useSoftphoneStore.getState().snapshot!;
  assert.equal(second.revision, 2);
  assert.deepEqual(second.calls, [{ id: 'c1', phase: 'calling' }]);
  assert.notEqual(second.calls, first.calls);
  assert.equal(second.accounts, first.accounts, 'unchanged accounts keep their object: nothing reading them renders again');
  assert.equal(second.settings, first.settings);
  assert.equal(second.history, first.history);
});

test('a changed part is the new one', () => {
  const store = useSoftphoneStore.getState();
  store.applySnapshot({ ...snapshotWith(3, []), accounts: [{ id: 'a1', displayName: 'Alice B' }] } as unknown as AppSnapshot);
  assert.equal(useSoftphoneStore.getState().snapshot!.accounts[0]!.displayName, 'Alice B');
});
