/** The label a new number gets before the user picks one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestedNumberLabel } from '../../../app/contact';

test('SIP names, SIP addresses and short internal numbers are extensions', () => {
  for (const value of ['bob', 'sip:bob@pbx.example', 'alice@example.com', '201', '4711', ' 12 ']) assert.equal(suggestedNumberLabel(value), 'extension', value);
});

test('phone numbers are mobiles', () => {
  for (const value of ['+44 20 7946 0018', '07700 900123', 'tel:+15551234567', '+4911', '']) assert.equal(suggestedNumberLabel(value), 'mobile', value);
});
