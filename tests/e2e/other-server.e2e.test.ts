/**
 * Calls against a server unlike the friendly test one: its digest realm
 * ("asterisk") is not its SIP domain, it challenges INVITE with 401 like a
 * user-agent server (Asterisk) instead of 407, and its nonces expire after
 * 5 s without `stale=true`. Registering, calling out and calling in must
 * all work, each challenge answered for its own realm on the first try.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OTHER_SERVER_PROFILE } from '../support/kamailio';
import { expectHears } from '../support/heard-levels';
import { ALICE_TONE_HZ, BOB_TONE_HZ, startTappedPair, type TappedPair } from '../support/registered-pair';
import type { SipTap } from '../support/sip-tap';
import type { SoftphoneUnderTest } from '../support/softphone-under-test';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';

describe(`a server whose realm is "${OTHER_SERVER_PROFILE.realm}" and that challenges INVITE with 401`, () => {
  let pair: TappedPair;
  let alice: SoftphoneUnderTest;
  let bob: SoftphoneUnderTest;
  /** Alice's connection as the server sees it. */
  let aliceWire: SipTap;

  before(async () => {
    pair = await startTappedPair({ server: OTHER_SERVER_PROFILE });
    aliceWire = pair.aliceWire;
    ({ alice, bob } = pair);
  });

  after(async () => {
    await pair?.close();
  });

  async function talkAndHangUp(caller: SoftphoneUnderTest, callee: SoftphoneUnderTest): Promise<void> {
    await callPanel(caller.page).getByText('Connected').waitFor();
    await callPanel(callee.page).getByText('Connected').waitFor();
    await Promise.all([
      expectHears(caller.page, caller === alice ? BOB_TONE_HZ : ALICE_TONE_HZ, caller.name),
      expectHears(callee.page, caller === alice ? ALICE_TONE_HZ : BOB_TONE_HZ, callee.name),
    ]);
    await callPanel(caller.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(caller.page).waitFor({ state: 'detached', timeout: 15_000 });
    await callPanel(callee.page).waitFor({ state: 'detached', timeout: 15_000 });
  }

  test('registered with the realm the server named', () => {
    const authorized = aliceWire.messages.find((m) => m.direction === 'to-server' && m.text.startsWith('REGISTER ') && /^Authorization:/im.test(m.text));
    assert.ok(authorized, 'main answered the REGISTER challenge');
    assert.match(authorized.text, /^Authorization:.*realm="asterisk"/im);
  });

  test('alice calls bob: the 401 to her INVITE is answered once, for realm "asterisk", and both hear each other', async () => {
    const invitesBefore = aliceWire.count('INVITE');
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await talkAndHangUp(alice, bob);
    const invites = aliceWire.messages.filter((m) => m.direction === 'to-server' && m.text.startsWith('INVITE ')).slice(invitesBefore);
    const challenges = aliceWire.messages.filter((m) => m.direction === 'to-client' && /^SIP\/2\.0 401 /.test(m.text) && / INVITE\s*$/m.test(m.text));
    assert.ok(challenges.length >= 1, 'the server challenged the INVITE with 401');
    assert.match(challenges.at(-1)!.text, /^WWW-Authenticate:.*realm="asterisk"/im);
    assert.equal(invites.length, 2, 'the INVITE, then once with credentials: the first answer was right');
    assert.match(invites[1]!.text, /^Authorization:.*realm="asterisk"/im);
    assert.doesNotMatch(invites[1]!.text, /pass-alice/, 'the password itself never crosses');
  });

  test('bob calls alice: her phone rings, she answers, both hear each other', async () => {
    await dial(bob.page, 'alice');
    await incomingPanel(alice.page).getByRole('button', { name: 'Answer' }).click();
    await talkAndHangUp(bob, alice);
  });

  test('a second call out reuses the key: again exactly one answered challenge', async () => {
    const invitesBefore = aliceWire.count('INVITE');
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await talkAndHangUp(alice, bob);
    assert.equal(aliceWire.count('INVITE') - invitesBefore, 2);
  });
});
