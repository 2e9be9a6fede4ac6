/** A line's transfer in words: in progress while the call goes on, in the past once it ended. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { i18n, initI18n, type Translate } from '../../../../renderer/i18n/i18n';
import type { TransferProgress } from '../../../../renderer/store/call-view';
import { transferWords } from '../../../../renderer/ui/line-words';

let t: Translate;
before(() => {
  initI18n('en');
  const fixed = i18n.getFixedT('en');
  t = (key, options) => String(fixed(key, options ?? {}));
});

const transfer = (role: TransferProgress['role'], state: TransferProgress['state']): TransferProgress => ({ role, state, target: 'sip:carol@example.com' });

test('an ended call being transferred reads as transferred, not "Being transferred to …"', () => {
  assert.equal(transferWords(t, { phase: 'connected', transfer: transfer('transferee', 'requested') }), 'Being transferred to carol@example.com…');
  assert.equal(transferWords(t, { phase: 'ended', transfer: transfer('transferee', 'requested') }), 'Transferred to carol@example.com');
});

test('an ended call keeps no in-progress transfer words: a finished transfer is past, an unfinished one says nothing', () => {
  assert.equal(transferWords(t, { phase: 'ended', transfer: transfer('transferor', 'succeeded') }), 'Transferred to carol@example.com');
  assert.equal(transferWords(t, { phase: 'ended', transfer: transfer('transferor', 'ringing') }), null);
  assert.equal(transferWords(t, { phase: 'ended', transfer: transfer('transferor', 'failed') }), null, 'not "The call is still with you"');
  assert.equal(transferWords(t, { phase: 'ended', transfer: transfer('transferee', 'failed') }), null);
});
