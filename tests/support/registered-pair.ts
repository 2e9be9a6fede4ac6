/** Two softphones, alice and bob, registered through one Kamailio, each with its own microphone tone. */
import { startKamailio, type KamailioOptions, type KamailioServer } from './kamailio';
import { startSipTap, type SipTap } from './sip-tap';
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
  /** Both cores get OS ports that do nothing, so the windows look as the desktop app's do (README screenshots). */
  readonly asDesktopApp?: boolean;
}

/** Ports that accept everything and change nothing in the OS: the window then shows the desktop app's settings. */
const INERT_DESKTOP_PORTS = { setStartAtLogin: () => undefined, setLinkHandling: () => undefined, setGlobalShortcut: () => true, isDesktopShell: true };

export async function startRegisteredPair(options: RegisteredPairOptions = {}): Promise<RegisteredPair> {
  assertE2ePrerequisites();
  const kamailio = await startKamailio(options.server);
  const softphoneOptions = options.asDesktopApp ? { desktop: INERT_DESKTOP_PORTS } : {};
  const [alice, bob] = await Promise.all([
    startSoftphone('alice', ALICE_TONE_HZ, undefined, softphoneOptions),
    startSoftphone('bob', BOB_TONE_HZ, undefined, softphoneOptions),
  ]);
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

/** A pair whose alice reaches the server through a {@link SipTap}: what crosses her connection, as the server sees it. */
export interface TappedPair extends RegisteredPair {
  readonly aliceWire: SipTap;
}

export async function startTappedPair(options: Pick<RegisteredPairOptions, 'server'> = {}): Promise<TappedPair> {
  let aliceWire: SipTap | undefined;
  const pair = await startRegisteredPair({
    ...options,
    aliceServerUrl: async (server) => {
      aliceWire = await startSipTap(server.wsUrl);
      return aliceWire.url;
    },
  }).catch(async (error: unknown) => {
    await aliceWire?.close();
    throw error;
  });
  return {
    ...pair,
    aliceWire: aliceWire!,
    async close() {
      await pair.close();
      await aliceWire!.close();
    },
  };
}
