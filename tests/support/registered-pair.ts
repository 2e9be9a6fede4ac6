/** Two softphones, alice and bob, registered through one Kamailio, each with its own microphone tone. */
import { startKamailio, type KamailioOptions, type KamailioServer } from './kamailio';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from './softphone-under-test';
import { addAccountThroughUi, callPanel, dial, expectAccountStatus, incomingPanel } from './ui-actions';

export const ALICE_TONE_HZ = 600;
export const BOB_TONE_HZ = 1_500;

export interface RegisteredPair {
  readonly kamailio: KamailioServer;
  readonly alice: SoftphoneUnderTest;
  readonly bob: SoftphoneUnderTest;
  /** Alice calls bob and bob answers; resolves when both show Connected. */
  connectCall(): Promise<void>;
  close(): Promise<void>;
}

export interface RegisteredPairOptions {
  /** Puts something (a SipTap) between alice and the server. */
  readonly aliceServerUrl?: (kamailio: KamailioServer) => Promise<string>;
  /** The server's profile; the friendly default one when absent. */
  readonly server?: KamailioOptions;
}

export async function startRegisteredPair(options: RegisteredPairOptions = {}): Promise<RegisteredPair> {
  assertE2ePrerequisites();
  const kamailio = await startKamailio(options.server);
  const [alice, bob] = await Promise.all([startSoftphone('alice', ALICE_TONE_HZ), startSoftphone('bob', BOB_TONE_HZ)]);
  const aliceServer = options.aliceServerUrl ? await options.aliceServerUrl(kamailio) : kamailio.wsUrl;
  await addAccountThroughUi(alice.page, { displayName: 'Alice', sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: aliceServer });
  await addAccountThroughUi(bob.page, { displayName: 'Bob', sipAddress: `bob@${kamailio.domain}`, password: kamailio.users.bob!, serverUrl: kamailio.wsUrl });
  await expectAccountStatus(alice.page, 'Alice', 'Registered');
  await expectAccountStatus(bob.page, 'Bob', 'Registered');
  return {
    kamailio,
    alice,
    bob,
    async connectCall() {
      await dial(alice.page, 'bob');
      await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
      await callPanel(alice.page).getByText('Connected').waitFor();
      await callPanel(bob.page).getByText('Connected').waitFor();
    },
    async close() {
      await Promise.all([alice.close(), bob.close()]);
      await kamailio.stop();
    },
  };
}
