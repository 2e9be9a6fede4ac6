/**
 * The gateway's plain side of one call: an RTP socket on an even port and an
 * RTCP socket on the next, talking to the provider in RTP/AVP or in SRTP with
 * SDES keys.
 *
 * @remarks
 * - Symmetric RTP (RFC 4961 practice): packets go to the address in the
 *   provider's SDP until the provider's RTP arrives, then to wherever it
 *   really comes from (a NAT in between rewrites it); RTCP likewise.
 * - rtcp-mux: when agreed, RTCP shares the RTP port and is told apart by its
 *   packet type (RFC 5761: 192–223 in the second byte).
 * - Keep-alive (RFC 6263 §4.6): while nothing is sent toward the provider
 *   (a call on hold whose renderer sends nothing), an empty RTP packet with a
 *   payload type the call does not use (and an SSRC of its own) goes out every
 *   `keepAliveMs`, so NAT
 *   bindings and the provider's inactivity timers stay alive.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, RtpPacket, SrtcpSession, SrtpSession } from 'werift';
import type { ProviderLeg } from './gateway-protocol';
import { masterKeyOf } from './sdes-keys';

export interface ProviderRtpLegOptions {
  /** Address the sockets bind to. */
  readonly bindAddress: string;
  readonly keepAliveMs: number;
  readonly onRtp: (packet: RtpPacket, arrivedAt: bigint) => void;
  readonly onRtcp?: (packet: Buffer) => void;
}

interface Target {
  address: string;
  port: number;
}

const MIN_PORT = 20000;
const MAX_PORT = 59998;

function isRtcpPacket(datagram: Buffer): boolean {
  const packetType = datagram[1] ?? 0;
  return datagram.length >= 8 && packetType >= 192 && packetType <= 223;
}

async function bind(socket: Socket, port: number, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const onError = (): void => resolve(false);
    socket.once('error', onError);
    socket.bind(port, address, () => {
      socket.off('error', onError);
      resolve(true);
    });
  });
}

export class ProviderRtpLeg {
  private rtpTarget: Target | undefined;
  private rtcpTarget: Target | undefined;
  private hasLatchedRtp = false;
  private hasLatchedRtcp = false;
  private leg: ProviderLeg | undefined;
  private srtp: SrtpSession | undefined;
  private srtcp: SrtcpSession | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private lastSentAt = 0;
  private keepAliveSequence = 0;
  /** Its own SSRC, so the relayed stream's sequence numbers stay untouched. */
  private readonly keepAliveSsrc = Math.floor(Math.random() * 0xffffffff);
  keepAlives = 0;
  received = 0;

  private constructor(
    private readonly rtpSocket: Socket,
    private readonly rtcpSocket: Socket,
    readonly rtpPort: number,
    private readonly options: ProviderRtpLegOptions,
  ) {
    rtpSocket.on('message', (datagram, from) => this.receive(datagram, from, 'rtp'));
    rtcpSocket.on('message', (datagram, from) => this.receive(datagram, from, 'rtcp'));
    rtpSocket.on('error', () => undefined);
    rtcpSocket.on('error', () => undefined);
  }

  /** Binds a free even/odd port pair. */
  static async open(options: ProviderRtpLegOptions): Promise<ProviderRtpLeg> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const port = MIN_PORT + 2 * Math.floor((Math.random() * (MAX_PORT - MIN_PORT)) / 2);
      const family = options.bindAddress.includes(':') ? 'udp6' : 'udp4';
      const rtp = createSocket(family);
      const rtcp = createSocket(family);
      if ((await bind(rtp, port, options.bindAddress)) && (await bind(rtcp, port + 1, options.bindAddress))) {
        return new ProviderRtpLeg(rtp, rtcp, port, options);
      }
      rtp.close();
      rtcp.close();
    }
    throw new Error('no free RTP port pair');
  }

  /** Where to send and with which keys; a new address resets symmetric latching. */
  configure(leg: ProviderLeg): void {
    const previous = this.leg;
    this.leg = leg;
    if (!previous || previous.address !== leg.address || previous.rtpPort !== leg.rtpPort || previous.rtcpPort !== leg.rtcpPort) {
      this.rtpTarget = { address: leg.address, port: leg.rtpPort };
      this.rtcpTarget = { address: leg.address, port: leg.isRtcpMux ? leg.rtpPort : leg.rtcpPort };
      this.hasLatchedRtp = false;
      this.hasLatchedRtcp = false;
    }
    if (leg.srtp?.localKeySalt !== previous?.srtp?.localKeySalt || leg.srtp?.remoteKeySalt !== previous?.srtp?.remoteKeySalt) {
      this.srtp = undefined;
      this.srtcp = undefined;
      const local = leg.srtp && masterKeyOf(leg.srtp.localKeySalt);
      const remote = leg.srtp && masterKeyOf(leg.srtp.remoteKeySalt);
      if (local && remote) {
        const config = {
          keys: { localMasterKey: local.key, localMasterSalt: local.salt, remoteMasterKey: remote.key, remoteMasterSalt: remote.salt },
          profile: ProtectionProfileAes128CmHmacSha1_80,
        };
        this.srtp = new SrtpSession(config);
        this.srtcp = new SrtcpSession(config);
      }
    }
    this.startKeepAlive();
  }

  /** Sends one RTP packet to the provider (payload type already mapped). */
  sendRtp(packet: RtpPacket): void {
    if (!this.rtpTarget) return;
    this.lastSentAt = Date.now();
    const datagram = this.srtp ? this.srtp.encrypt(packet.payload, packet.header) : packet.serialize();
    this.rtpSocket.send(datagram, this.rtpTarget.port, this.rtpTarget.address);
  }

  /** Sends one RTCP compound packet to the provider. */
  sendRtcp(rtcp: Buffer): void {
    if (!this.rtcpTarget || !this.leg) return;
    const datagram = this.srtcp ? this.srtcp.encrypt(rtcp) : rtcp;
    const socket = this.leg.isRtcpMux ? this.rtpSocket : this.rtcpSocket;
    socket.send(datagram, this.rtcpTarget.port, this.rtcpTarget.address);
  }

  close(): void {
    clearInterval(this.keepAliveTimer);
    this.rtpSocket.close();
    this.rtcpSocket.close();
  }

  private receive(datagram: Buffer, from: RemoteInfo, socket: 'rtp' | 'rtcp'): void {
    const arrivedAt = process.hrtime.bigint();
    if (!this.leg) return;
    const isRtcp = socket === 'rtcp' || isRtcpPacket(datagram);
    if (isRtcp) {
      if (!this.hasLatchedRtcp) {
        this.rtcpTarget = { address: from.address, port: from.port };
        this.hasLatchedRtcp = true;
      }
      try {
        this.options.onRtcp?.(this.srtcp ? this.srtcp.decrypt(datagram) : datagram);
      } catch {
        // An SRTCP packet that fails authentication is dropped, as RFC 3711 says.
      }
      return;
    }
    let packet: RtpPacket;
    try {
      packet = RtpPacket.deSerialize(this.srtp ? this.srtp.decrypt(datagram) : datagram);
    } catch {
      return;
    }
    if (!this.hasLatchedRtp) {
      this.rtpTarget = { address: from.address, port: from.port };
      this.hasLatchedRtp = true;
      // Until the provider's own RTCP shows where it comes from, it sits next to its RTP.
      if (!this.hasLatchedRtcp) this.rtcpTarget = { address: from.address, port: this.leg.isRtcpMux ? from.port : from.port + 1 };
    }
    this.received += 1;
    this.options.onRtp(packet, arrivedAt);
  }

  private startKeepAlive(): void {
    if (this.keepAliveTimer) return;
    this.keepAliveTimer = setInterval(() => {
      if (Date.now() - this.lastSentAt < this.options.keepAliveMs) return;
      this.sendKeepAlive();
    }, Math.max(50, Math.floor(this.options.keepAliveMs / 2)));
    this.keepAliveTimer.unref();
  }

  private sendKeepAlive(): void {
    const used = new Set(this.leg?.mappings.map((mapping) => mapping.providerPayloadType));
    let payloadType = 127;
    while (used.has(payloadType)) payloadType -= 1;
    this.keepAliveSequence = (this.keepAliveSequence + 1) & 0xffff;
    const header = new RtpHeader({ payloadType, sequenceNumber: this.keepAliveSequence, timestamp: 0, ssrc: this.keepAliveSsrc });
    this.sendRtp(new RtpPacket(header, Buffer.alloc(0)));
    this.keepAlives += 1;
  }
}
