/** History records are made to fit the schema when written, so what is written is always read back. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_RECORD_LIMITS, CallRecordSchema, fitCallRecord, type ReportedCallRecord } from '../../../app/call-history';

const call = (changes: Partial<ReportedCallRecord> = {}): ReportedCallRecord => ({
  id: 'call-1',
  accountId: 'account-1',
  direction: 'incoming',
  remoteUri: 'sip:bob@example.com',
  startedAt: 1,
  endedAt: 2,
  ...changes,
});

test('a record within the limits is kept as it is', () => {
  assert.deepEqual(fitCallRecord(call({ remoteName: 'Bob' })), call({ remoteName: 'Bob' }));
});

test('over-long text is trimmed to the limits, with a mark, never in half a character', () => {
  const fitted = fitCallRecord(call({ remoteName: '😀'.repeat(500), remoteUri: `sip:${'b'.repeat(5_000)}@example.com`, outcomeText: 'x'.repeat(1_000) }))!;
  assert.ok(CallRecordSchema.safeParse(fitted).success);
  assert.ok(fitted.remoteName!.endsWith('…') && fitted.remoteName!.length <= CALL_RECORD_LIMITS.remoteName);
  assert.doesNotMatch(fitted.remoteName!, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no lone high surrogate');
  assert.equal(fitted.remoteUri.length, CALL_RECORD_LIMITS.remoteUri);
  assert.equal(fitted.outcomeText!.length, CALL_RECORD_LIMITS.outcomeText);
});

test('over-long Call-IDs become ids within the limit that stay apart and stay the same', () => {
  const prefix = 'c'.repeat(1_000);
  const first = fitCallRecord(call({ id: `${prefix}-1` }))!.id;
  const second = fitCallRecord(call({ id: `${prefix}-2` }))!.id;
  assert.ok(first.length <= CALL_RECORD_LIMITS.id);
  assert.notEqual(first, second);
  assert.equal(fitCallRecord(call({ id: `${prefix}-1` }))!.id, first, 'the same call gets the same id (a re-report replaces it)');
});

test('a record that cannot be made to fit is refused, not written', () => {
  assert.equal(fitCallRecord(call({ accountId: 'a'.repeat(100) })), undefined);
});
