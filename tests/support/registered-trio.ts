/** Three softphones, alice, bob and carol, registered through one Kamailio, each with its own microphone tone. */
import { startKamailio, type KamailioServer } from './kamailio';
import { ALICE_TONE_HZ, BOB_TONE_HZ } from './registered-pair';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from './softphone-under-test';
import { addAccountThroughUi, callPanel, expectAccountStatus } from './ui-actions';

/** Not a harmonic of alice's 600 Hz or bob's 1500 Hz, and clear of the ringtone and call-waiting tones. */
export const CAROL_TONE_HZ = 1_000;

export interface RegisteredTrio {
  readonly kamailio: KamailioServer;
  readonly alice: SoftphoneUnderTest;
  readonly bob: SoftphoneUnderTest;
  readonly carol: SoftphoneUnderTest;
  /** Waits until no softphone shows any call (ended rows included). */
  waitUntilIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startRegisteredTrio(): Promise<RegisteredTrio> {
  assertE2ePrerequisites();
  const kamailio = await startKamailio();
  const [alice, bob, carol] = await Promise.all([
    startSoftphone('alice', ALICE_TONE_HZ),
    startSoftphone('bob', BOB_TONE_HZ),
    startSoftphone('carol', CAROL_TONE_HZ),
  ]);
  const phones = [
    { phone: alice, name: 'Alice', user: 'alice' },
    { phone: bob, name: 'Bob', user: 'bob' },
    { phone: carol, name: 'Carol', user: 'carol' },
  ];
  for (const { phone, name, user } of phones) {
    await addAccountThroughUi(phone.page, { displayName: name, sipAddress: `${user}@${kamailio.domain}`, password: kamailio.users[user]!, serverUrl: kamailio.wsUrl });
  }
  for (const { phone, name } of phones) await expectAccountStatus(phone.page, name, 'Registered', 30_000);
  return {
    kamailio,
    alice,
    bob,
    carol,
    async waitUntilIdle() {
      await Promise.all([alice, bob, carol].map((phone) => callPanel(phone.page).waitFor({ state: 'detached', timeout: 30_000 })));
    },
    async close() {
      await Promise.all([alice.close(), bob.close(), carol.close()]);
      await kamailio.stop();
    },
  };
}
