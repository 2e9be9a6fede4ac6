/**
 * Keys are either sent or the user is told: without an RTP sender that can
 * carry telephone-events, digits go as SIP INFO; a digit the other side
 * refuses is reported.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionState, type Session } from 'sip.js';
import { DtmfSender } from '../../../../renderer/sip/dtmf-sender';
import { waitFor } from '../../../support/wait-for';

interface InfoOptions {
  requestOptions: { body: { contentType: string; content: string } };
  requestDelegate: { onAccept(): void; onReject(): void };
}

/** A session with no WebRTC handler (so no RTCDTMFSender) whose peer answers INFO with `answer`. */
function sessionAnswering(answer: (digit: string) => 'accept' | 'reject', state = SessionState.Established) {
  const infos: string[] = [];
  const session = {
    state,
    sessionDescriptionHandler: undefined,
    info: async (options: InfoOptions) => {
      const digit = /Signal=(.)/.exec(options.requestOptions.body.content)![1]!;
      assert.equal(options.requestOptions.body.contentType, 'application/dtmf-relay');
      infos.push(digit);
      setTimeout(() => (answer(digit) === 'accept' ? options.requestDelegate.onAccept() : options.requestDelegate.onReject()), 1);
    },
  } as unknown as Session;
  return { session, infos };
}

test('RFC 4733 not possible in this call: the digits go as SIP INFO, in order', async () => {
  const { session, infos } = sessionAnswering(() => 'accept');
  const refused: string[] = [];
  const sender = new DtmfSender(session, (digit) => refused.push(digit));
  assert.equal(sender.send('15', 'rfc4733'), 'info');
  assert.equal(sender.send('9#', 'rfc4733'), 'info');
  await waitFor('four INFOs', () => infos.length === 4 || undefined);
  assert.deepEqual(infos, ['1', '5', '9', '#']);
  assert.deepEqual(refused, []);
});

test('digits the other side refuses are reported, the others still go', async () => {
  const { session, infos } = sessionAnswering((digit) => (digit === '5' ? 'reject' : 'accept'));
  const refused: string[] = [];
  const sender = new DtmfSender(session, (digit) => refused.push(digit));
  sender.send('159', 'info');
  await waitFor('three INFOs answered', () => (infos.length === 3 && refused.length === 1) || undefined);
  assert.deepEqual(refused, ['5']);
});

test('a call that is not established sends nothing and says so', () => {
  const { session, infos } = sessionAnswering(() => 'accept', SessionState.Terminated);
  const sender = new DtmfSender(session, () => undefined);
  assert.equal(sender.send('1', 'rfc4733'), undefined);
  assert.deepEqual(infos, []);
});
