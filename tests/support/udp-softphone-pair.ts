/**
 * Two softphones in Chromium (alice and bob), each with one account over
 * SIP/UDP to a real Kamailio and its media through one media gateway, the
 * app's own wiring (CorePorts.createSdpTranslator). Both are registered
 * when it resolves.
 */
import { gatewayTranslatorFactory } from '../../main/core/media-gateway/account-media';
import { MediaGatewayClient, nodeGatewayLauncher } from '../../main/core/media-gateway/media-gateway-client';
import { startKamailio, type KamailioServer } from './kamailio';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from './softphone-under-test';

export interface UdpSoftphonePair {
  readonly kamailio: KamailioServer;
  readonly gateway: MediaGatewayClient;
  readonly alice: SoftphoneUnderTest;
  readonly bob: SoftphoneUnderTest;
  close(): Promise<void>;
}

/** `aliceHz` and `bobHz`: the tone each one's microphone plays. */
export async function startUdpSoftphonePair(aliceHz: number, bobHz: number): Promise<UdpSoftphonePair> {
  assertE2ePrerequisites();
  const kamailio = await startKamailio();
  const gateway = new MediaGatewayClient({ launcher: nodeGatewayLauncher, process: { bindAddress: '127.0.0.1', keepAliveMs: 10_000, iceAdditionalHostAddresses: ['127.0.0.1'] } });
  const started: SoftphoneUnderTest[] = [];
  const close = async () => {
    await Promise.all(started.map((phone) => phone.close()));
    gateway.stop();
    await kamailio.stop();
  };
  try {
    await gateway.ready();
    const createSdpTranslator = gatewayTranslatorFactory(gateway);
    const server = `127.0.0.1:${kamailio.udpPort}`;
    const [alice, bob] = await Promise.all(
      (
        [
          ['alice', 'Alice', aliceHz],
          ['bob', 'Bob', bobHz],
        ] as const
      ).map(async ([user, name, toneHz]) => {
        const phone = await startSoftphone(user, toneHz, undefined, { createSdpTranslator });
        started.push(phone);
        const accountId = await phone.phone.addAccount({ displayName: name, sipAddress: `${user}@${kamailio.domain}`, password: kamailio.users[user]!, serverUrl: server, transport: 'udp' });
        await phone.phone.waitForStatus(accountId, 'registered');
        return phone;
      }),
    );
    return { kamailio, gateway, alice: alice!, bob: bob!, close };
  } catch (error) {
    await close();
    throw error;
  }
}
