import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessageSummary } from '../../../../app/sip/message-summary';

test('the RFC 3842 example reads as waiting, with its account and voice counts', () => {
  const body = ['Messages-Waiting: yes', 'Message-Account: sip:alice@vmail.example.com', 'Voice-Message: 2/8 (0/2)', 'Fax-Message: 1/0', ''].join('\r\n');
  assert.deepEqual(parseMessageSummary(body), { isWaiting: true, account: 'sip:alice@vmail.example.com', newCount: 2, oldCount: 8 });
});

test('a summary without counts or account is still a summary', () => {
  assert.deepEqual(parseMessageSummary('Messages-Waiting: no\r\n'), { isWaiting: false });
});

test('malformed summaries are not summaries', () => {
  for (const body of ['', 'hello', 'Messages-Waiting: maybe', 'Voice-Message: 2/8', 'Messages-Waiting: yes\r\nVoice-Message: two/eight', `Messages-Waiting: yes\r\n${'x'.repeat(10_000)}`]) {
    assert.equal(parseMessageSummary(body), undefined, body.slice(0, 40));
  }
});

test('a Message-Account that is not a SIP or tel URI is dropped, the rest kept', () => {
  assert.deepEqual(parseMessageSummary('Messages-Waiting: yes\r\nMessage-Account: <script>\r\nVoice-Message: 1/0'), { isWaiting: true, newCount: 1, oldCount: 0 });
});
