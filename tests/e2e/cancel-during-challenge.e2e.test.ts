/**
 * Alice calls bob and cancels while the server's 407 challenge to her
 * INVITE is still on its way (her tap holds the 407 until she has clicked
 * Cancel). The INVITE she then sends with credentials must be cancelled as
 * soon as it is in progress: bob stops ringing and no call is left over.
 * Real Kamailio (which challenges INVITEs with 407) and two real windows.
 *
 *   npm run build --silent
 *   bash scripts/in-loopback-namespace.sh node --import tsx --test --test-concurrency=1 tests/e2e/cancel-during-challenge.e2e.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTappedPair, type TappedPair } from '../support/registered-pair';
import { callPanel, dial, endCalls, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

const cseqOf = (text: string): number | undefined => {
  const found = /^CSeq:\s*(\d+)\s+(\w+)/im.exec(text);
  return found ? Number(found[1]) : undefined;
};
const methodOfCseq = (text: string): string | undefined => /^CSeq:\s*\d+\s+(\w+)/im.exec(text)?.[1];

describe('cancelling a call while its INVITE is being challenged', () => {
  let pair: TappedPair;

  before(async () => {
    pair = await startTappedPair();
  });

  after(async () => {
    await pair?.close();
  });

  test('the INVITE sent again with credentials is cancelled once in progress, bob stops ringing, and alice\'s history says cancelled', async () => {
    const { alice, bob, aliceWire } = pair;
    const wire = () => aliceWire.messages;
    const sent = (method: string) => wire().filter((m) => m.direction === 'to-server' && m.text.startsWith(`${method} `));
    const inviteResponses = (status: RegExp) => wire().filter((m) => m.direction === 'to-client' && status.test(m.text) && methodOfCseq(m.text) === 'INVITE');

    const challenge = aliceWire.holdToClient((text) => /^SIP\/2\.0 407 /.test(text) && methodOfCseq(text) === 'INVITE');
    try {
      await dial(alice.page, 'bob');
      await waitFor('the 407 challenge to alice\'s INVITE (held)', () => challenge.held.length > 0 || undefined, 10_000);
      await callPanel(alice.page).getByRole('button', { name: /^(Cancel|Hang up)$/ }).click();
    } finally {
      challenge.release();
    }

    const retried = await waitFor('the INVITE sent again with credentials', () => sent('INVITE').find((m) => /^Proxy-Authorization:/im.test(m.text)), 10_000);
    const first = sent('INVITE')[0]!;
    const [firstCseq, retriedCseq] = [cseqOf(first.text), cseqOf(retried.text)];
    assert.notEqual(firstCseq, retriedCseq, 'the INVITE with credentials is a new transaction');

    const cancel = await waitFor('a CANCEL for the INVITE sent with credentials', () => sent('CANCEL').find((m) => cseqOf(m.text) === retriedCseq), 10_000);
    await waitFor('that INVITE to end in 487', () => inviteResponses(/^SIP\/2\.0 487 /).find((m) => cseqOf(m.text) === retriedCseq), 10_000);
    // RFC 3261 §9.1: a CANCEL only after a provisional response to the INVITE it cancels.
    const provisional = inviteResponses(/^SIP\/2\.0 1\d\d /).find((m) => cseqOf(m.text) === retriedCseq);
    assert.ok(provisional && provisional.at <= cancel.at && wire().indexOf(provisional) < wire().indexOf(cancel), 'the CANCEL left after a 1xx to that INVITE');
    assert.equal(sent('CANCEL').filter((m) => cseqOf(m.text) === firstCseq).length, 0, 'no CANCEL for the challenged INVITE (it had no provisional response)');

    await incomingPanel(bob.page).waitFor({ state: 'hidden', timeout: 10_000 });
    const record = await waitFor('alice\'s history entry', () => [...alice.phone.core.snapshot.history].reverse().find((entry) => entry.direction === 'outgoing'), 10_000);
    assert.equal(record.outcome, 'cancelled-here', 'alice\'s history shows the call as cancelled by her');
    assert.equal(record.answeredAt, undefined, 'never answered');
    assert.equal(sent('BYE').length, 0, 'no BYE: the call never connected');
    await Promise.all([endCalls(alice.page), endCalls(bob.page)]);
  });
});
