import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dtmfRelayBody, isDtmfKey, readDtmfInfo } from '../../../app/dtmf';

test('keypad keys are 0-9, * and #', () => {
  for (const key of '0123456789*#') assert.ok(isDtmfKey(key), key);
  for (const key of ['a', 'A', '+', ' ', '10', '']) assert.ok(!isDtmfKey(key), JSON.stringify(key));
});

test('dtmf-relay INFO bodies give their digit, whatever the spacing and case', () => {
  assert.deepEqual(readDtmfInfo('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n'), { kind: 'digit', digit: '5' });
  assert.deepEqual(readDtmfInfo('Application/DTMF-Relay; charset=utf-8', 'signal = #\nduration=100'), { kind: 'digit', digit: '#' });
  assert.deepEqual(readDtmfInfo('application/dtmf-relay', 'Duration=100\r\nSignal=*\r\n'), { kind: 'digit', digit: '*' });
  assert.deepEqual(readDtmfInfo('application/dtmf', '7'), { kind: 'digit', digit: '7' });
  assert.deepEqual(readDtmfInfo('application/dtmf-relay', 'Signal=d'), { kind: 'digit', digit: 'D' });
});

test('an empty INFO is a keep-alive; other bodies are not DTMF', () => {
  assert.deepEqual(readDtmfInfo(undefined, ''), { kind: 'empty' });
  assert.deepEqual(readDtmfInfo('application/dtmf-relay', 'Signal=12'), { kind: 'unsupported' });
  assert.deepEqual(readDtmfInfo('application/media_control+xml', '<media_control/>'), { kind: 'unsupported' });
});

test('the body we send reads back as the same digit', () => {
  assert.deepEqual(readDtmfInfo('application/dtmf-relay', dtmfRelayBody('9')), { kind: 'digit', digit: '9' });
  assert.match(dtmfRelayBody('1', 250), /Duration=250/);
});
