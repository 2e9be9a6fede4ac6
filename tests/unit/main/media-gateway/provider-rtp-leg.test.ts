/**
 * The gateway's plain RTP leg as the provider (and strangers) see it over
 * real loopback sockets: which source it believes, where its RTP goes, and
 * when it gives up on SRTP that never authenticates.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { RtpHeader, RtpPacket } from 'werift';
import type { ProviderLeg } from '../../../../main/core/media-gateway/gateway-protocol';
import { ProviderRtpLeg } from '../../../../main/core/media-gateway/provider-rtp-leg';
import { sleep, waitFor } from '../../../support/wait-for';

interface Phone {
  readonly socket: Socket;
  readonly port: number;
  readonly heard: RtpPacket[];
  send(ssrc: number, count?: number): Promise<void>;
}

async function phone(legPort: () => number, address = '127.0.0.1'): Promise<Phone> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  const heard: RtpPacket[] = [];
  socket.on('message', (datagram) => heard.push(RtpPacket.deSerialize(datagram)));
  let sequence = 0;
  return {
    socket,
    port: socket.address().port,
    heard,
    async send(ssrc, count = 1) {
      for (let index = 0; index < count; index += 1) {
        sequence += 1;
        const packet = new RtpPacket(new RtpHeader({ payloadType: 0, sequenceNumber: sequence, timestamp: sequence * 160, ssrc }), Buffer.alloc(160, 0xff));
        socket.send(packet.serialize(), legPort(), '127.0.0.1');
        await sleep(5);
      }
    },
  };
}

function legTo(port: number, extra: Partial<ProviderLeg> = {}): ProviderLeg {
  return { address: '127.0.0.1', rtpPort: port, rtcpPort: port + 1, isRtcpMux: false, mappings: [{ name: 'PCMU', clockRate: 8000, rendererPayloadType: 0, providerPayloadType: 0 }], ...extra };
}

async function openLeg(relayed: number[], options: Partial<Parameters<typeof ProviderRtpLeg.open>[0]> = {}): Promise<ProviderRtpLeg> {
  return ProviderRtpLeg.open({ bindAddress: '127.0.0.1', keepAliveMs: 60_000, onRtp: (packet) => relayed.push(packet.header.ssrc), ...options });
}

function sendFromLeg(leg: ProviderRtpLeg, ssrc: number): void {
  leg.sendRtp(new RtpPacket(new RtpHeader({ payloadType: 0, sequenceNumber: 1, timestamp: 0, ssrc }), Buffer.alloc(160)));
}

test('a stray packet that beats the provider is not believed: the provider\'s SDP address wins, and the stray\'s later packets are dropped', async () => {
  const relayed: number[] = [];
  const leg = await openLeg(relayed);
  const provider = await phone(() => leg.rtpPort);
  const stranger = await phone(() => leg.rtpPort);
  try {
    leg.configure(legTo(provider.port));
    await stranger.send(666);
    await provider.send(1, 3);
    await stranger.send(666, 3);
    await provider.send(1, 2);
    await waitFor('the provider\'s packets relayed', () => relayed.filter((ssrc) => ssrc === 1).length === 5 || undefined, 3_000);
    assert.deepEqual(relayed.filter((ssrc) => ssrc === 666).length <= 1, true, `only the one packet that came before the provider's may pass (relayed ${relayed.join(',')})`);
    sendFromLeg(leg, 42);
    await waitFor('the provider to hear the gateway', () => provider.heard.length > 0 || undefined, 3_000);
    await sleep(100);
    assert.equal(stranger.heard.length, 0, 'nothing goes to the stranger');
  } finally {
    leg.close();
    provider.socket.close();
    stranger.socket.close();
  }
});

test('behind a NAT the first source after the answer is latched; a new source takes over only after 5 packets in a row while the old one is quiet', async () => {
  const relayed: number[] = [];
  const leg = await openLeg(relayed, { relatchQuietMs: 200 });
  const natted = await phone(() => leg.rtpPort);
  const moved = await phone(() => leg.rtpPort);
  const stranger = await phone(() => leg.rtpPort);
  try {
    // The SDP names an address nobody sends from (the provider's private side of its NAT).
    leg.configure(legTo(9));
    await natted.send(1, 3);
    sendFromLeg(leg, 42);
    await waitFor('the latched source to hear the gateway', () => natted.heard.length > 0 || undefined, 3_000);

    // Interleaved strays while the provider talks are never relayed, however many.
    for (let round = 0; round < 6; round += 1) {
      await stranger.send(666);
      await natted.send(1);
    }
    assert.equal(relayed.filter((ssrc) => ssrc === 666).length, 0, 'stray packets are not relayed');

    // The provider's NAT binding moves: the old source goes quiet and the new one sends on.
    await sleep(300);
    const before = relayed.length;
    await moved.send(1, 4);
    await sleep(50);
    assert.equal(relayed.length - before, 0, 'four packets from a new source are not enough');
    await moved.send(1, 3);
    await waitFor('the new source relayed', () => relayed.length > before || undefined, 3_000);
    sendFromLeg(leg, 43);
    await waitFor('the new source to hear the gateway', () => moved.heard.length > 0 || undefined, 3_000);
    assert.equal(stranger.heard.length, 0);
  } finally {
    leg.close();
    natted.socket.close();
    moved.socket.close();
    stranger.socket.close();
  }
});

test('SRTP from the provider\'s address that never authenticates is reported once; strangers\' garbage never is', async () => {
  const relayed: number[] = [];
  let reports = 0;
  const leg = await openLeg(relayed, { authFailuresToGiveUp: 20, onAuthFailing: () => (reports += 1) });
  const provider = await phone(() => leg.rtpPort);
  // Another host (all of 127/8 is loopback on Linux).
  const stranger = await phone(() => leg.rtpPort, '127.0.0.2');
  try {
    const keySalt = (): string => randomBytes(30).toString('base64');
    leg.configure(legTo(provider.port, { srtp: { localKeySalt: keySalt(), remoteKeySalt: keySalt() } }));
    // Plain RTP where SRTP was agreed: its "auth tag" is the last 10 bytes of audio, which never match.
    await stranger.send(666, 30);
    await sleep(50);
    assert.equal(reports, 0, 'a stranger cannot end the call');
    await provider.send(1, 30);
    await waitFor('the failing keys to be reported', () => reports > 0 || undefined, 3_000);
    await provider.send(1, 30);
    assert.equal(reports, 1, 'said once');
    assert.deepEqual(relayed, []);
  } finally {
    leg.close();
    provider.socket.close();
    stranger.socket.close();
  }
});
