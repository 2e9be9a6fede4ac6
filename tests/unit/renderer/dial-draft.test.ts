/**
 * A link's number marked "call at once" (setting `callLinksAtOnce`) must never
 * start a call the user no longer expects: editing the number or leaving
 * Dial drops the mark.
 */
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { useSoftphoneStore } from '../../../renderer/store/softphone-store';

const store = () => useSoftphoneStore.getState();

beforeEach(() => {
  store().showScreen('dial');
  store().setDialDraft('');
});

test('a link marked to call keeps its mark while Dial shows it', () => {
  store().setDialDraft('+12015550123', { callAtOnce: true });
  store().showScreen('dial');
  assert.equal(store().isDialDraftToCall, true);
  assert.equal(store().dialDraft, '+12015550123');
});

test('editing the number drops the mark, the number stays', () => {
  store().setDialDraft('+12015550123', { callAtOnce: true });
  store().setDialDraft('+120155501234');
  assert.equal(store().isDialDraftToCall, false);
  assert.equal(store().dialDraft, '+120155501234');
});

test('leaving Dial drops the mark; coming back does not bring it back', () => {
  store().setDialDraft('bob', { callAtOnce: true });
  store().showScreen('history');
  assert.equal(store().isDialDraftToCall, false);
  store().showScreen('dial');
  assert.equal(store().isDialDraftToCall, false);
  assert.equal(store().dialDraft, 'bob', 'the number is still there to call by hand');
});
