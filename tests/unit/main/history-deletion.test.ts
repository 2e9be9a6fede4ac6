/** Deleting calls from history goes through main, which checks what it is asked before it touches the file. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestCore } from '../../support/core-fixture';

async function phoneWithCalls() {
  const phone = startTestCore();
  const accountId = await phone.addAccount({ sipAddress: 'alice@127.0.0.1', password: 'secret', serverUrl: 'ws://127.0.0.1:9', enabled: false });
  for (const id of ['one', 'two', 'three']) {
    const recorded = await phone.invoke('history:record', { id, accountId, direction: 'incoming', remoteUri: `sip:${id}@127.0.0.1`, startedAt: 1, endedAt: 2, outcome: 'missed' });
    assert.ok(recorded.ok);
  }
  return phone;
}

test('history:remove deletes the named calls only, and the next snapshot and a restart agree', async () => {
  const phone = await phoneWithCalls();
  try {
    assert.ok((await phone.invoke('history:remove', { ids: ['two', 'not-there'] })).ok);
    assert.deepEqual(phone.core.snapshot.history.map((record) => record.id), ['one', 'three']);
    assert.equal(phone.core.snapshot.unseenMissedCalls, 2, 'a deleted missed call no longer counts');
  } finally {
    await phone.stop({ removeProfile: false });
  }
  const restarted = startTestCore({ profileDir: phone.profileDir });
  try {
    assert.deepEqual(restarted.core.snapshot.history.map((record) => record.id), ['one', 'three']);
  } finally {
    await restarted.stop();
  }
});

test('history:clear deletes every call', async () => {
  const phone = await phoneWithCalls();
  try {
    assert.ok((await phone.invoke('history:clear')).ok);
    assert.deepEqual(phone.core.snapshot.history, []);
    assert.equal(phone.core.snapshot.unseenMissedCalls, 0);
  } finally {
    await phone.stop();
  }
});

test('malformed deletion requests are refused as data and delete nothing', async () => {
  const phone = await phoneWithCalls();
  try {
    for (const payload of [undefined, {}, { ids: 'one' }, { ids: [] }, { ids: [''] }, { ids: ['x'.repeat(129)] }, { ids: Array(501).fill('one') }, { ids: ['one'], also: 1 }, { ids: [1] }]) {
      const result = await phone.invoke('history:remove', payload);
      assert.equal(result.ok ? 'ok' : result.error.code, 'invalid-request', JSON.stringify(payload)?.slice(0, 60));
    }
    assert.equal((await phone.invoke('history:clear', { everything: true })).ok, false);
    assert.equal(phone.core.snapshot.history.length, 3);
  } finally {
    await phone.stop();
  }
});
