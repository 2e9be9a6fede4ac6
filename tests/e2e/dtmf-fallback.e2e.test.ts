/**
 * DTMF when the answer does not let the browser send RFC 4733 (it leaves
 * telephone-event out, so Chromium's RTCDTMFSender cannot insert tones):
 * keys must still reach the other side, as SIP INFO, and the caller sees
 * what was sent; bob, the peer, shows the digits he received.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { startTappedPair, type TappedPair } from '../support/registered-pair';
import { answerWithoutTelephoneEvent } from '../support/sdp-answer';
import type { SipTap } from '../support/sip-tap';
import { callPanel, endCalls } from '../support/ui-actions';

describe('DTMF when the answer does not allow RFC 4733', () => {
  let pair: TappedPair;
  /** Alice's connection: the answers she receives are rewritten here. */
  let aliceWire: SipTap;

  before(async () => {
    pair = await startTappedPair();
    aliceWire = pair.aliceWire;
  });
  after(async () => {
    await pair?.close();
  });
  afterEach(async () => {
    aliceWire.rewriteToClient(undefined);
    await Promise.all([endCalls(pair.alice.page), endCalls(pair.bob.page)]);
  });

  test("the answer omits telephone-event: bob receives alice's keys as SIP INFO", async () => {
    const { alice, bob } = pair;
    aliceWire.rewriteToClient(answerWithoutTelephoneEvent);
    await pair.connectCall();
    const answer = [...aliceWire.messages].reverse().find((m) => m.direction === 'to-client' && /^SIP\/2\.0 200 /.test(m.text) && / INVITE\s*$/m.test(m.text));
    assert.ok(answer, 'alice received the answer');
    assert.doesNotMatch(answer.text, /telephone-event/);

    await alice.page.keyboard.type('159#');
    await callPanel(alice.page).getByText('Sent: 159#').waitFor();
    await callPanel(bob.page).getByText('Received: 159#').waitFor({ timeout: 10_000 });
    assert.equal(await callPanel(alice.page).getByText(/^Not sent:/).count(), 0);
  });
});
