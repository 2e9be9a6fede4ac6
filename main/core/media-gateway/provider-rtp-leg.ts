/**
 * The gateway's plain side of one call: an RTP socket on an even port and an
 * RTCP socket on the next, talking to the provider in RTP/AVP or in SRTP with
 * SDES keys.
 *
 * @remarks
 * - Symmetric RTP (RFC 4961 practice): packets go to the address in the
 *   provider's SDP until the provider's RTP arrives, then to wherever it
 *   really comes from (a NAT in between rewrites it); which source counts
 *   is the {@link RtpSourceLatch}'s rule, and RTP from any other source is
 *   dropped (counted in `strays`). RTCP is taken only from the address the
 *   RTP comes from, and answered where it came from.
 * - SRTP: a packet that fails authentication is dropped (RFC 3711). When
 *   the provider's own address sends nothing but such packets for
 *   `authFailuresToGiveUp` packets in a row, the keys cannot be right and
 *   `onAuthFailing` says so once (strangers' packets never count).
 * - `lastHeardAt`: when the provider's RTP or RTCP last arrived (or the leg
 *   was last configured), for the gateway's inactivity sweep.
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
import { RtpSourceLatch } from './rtp-source-latch';
import { masterKeyOf } from './sdes-keys';

export interface ProviderRtpLegOptions {
  /** Address the sockets bind to. */
  readonly bindAddress: string;
  readonly keepAliveMs: number;
  readonly onRtp: (packet: RtpPacket, arrivedAt: bigint) => void;
  readonly onRtcp?: (packet: Buffer) => void;
  /** The provider's address keeps sending SRTP that fails authentication (said once per key). */
  readonly onAuthFailing?: () => void;
  /** Packets in a row from a new source before it replaces a quiet one (default 5). */
  readonly relatchAfterPackets?: number;
  /** How long the latched source must have been quiet before another replaces it (default 250 ms). */
  readonly relatchQuietMs?: number;
  /** SRTP packets in a row from the provider's address failing authentication before `onAuthFailing` (default 100: 2 s of audio). */
  readonly authFailuresToGiveUp?: number;
}

interface Target {
  address: string;
  port: number;
}

const DEFAULT_RELATCH_AFTER_PACKETS = 5;
const DEFAULT_RELATCH_QUIET_MS = 250;
const DEFAULT_AUTH_FAILURES_TO_GIVE_UP = 100;

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
  private readonly rtpSource: RtpSourceLatch;
  private hasLatchedRtcp = false;
  private authFailuresInARow = 0;
  private hasReportedAuthFailing = false;
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
  /** RTP from sources other than the provider's, dropped. */
  strays = 0;
  lastHeardAt = Date.now();

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
    this.rtpSource = new RtpSourceLatch({
      relatchAfterPackets: options.relatchAfterPackets ?? DEFAULT_RELATCH_AFTER_PACKETS,
      quietMs: options.relatchQuietMs ?? DEFAULT_RELATCH_QUIET_MS,
    });
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

  /**
   * Where to send and with which keys; a new address resets symmetric latching.
   * New keys start new SRTP contexts; the same keys keep theirs (and with them the rollover counters).
   */
  configure(leg: ProviderLeg): void {
    const previous = this.leg;
    this.leg = leg;
    // Silence is measured from the latest offer/answer: a resumed call gets its full allowance.
    this.lastHeardAt = Date.now();
    if (!previous || previous.address !== leg.address || previous.rtpPort !== leg.rtpPort || previous.rtcpPort !== leg.rtcpPort) {
      this.rtpTarget = { address: leg.address, port: leg.rtpPort };
      this.rtcpTarget = { address: leg.address, port: leg.isRtcpMux ? leg.rtpPort : leg.rtcpPort };
      this.rtpSource.reset({ address: leg.address, port: leg.rtpPort });
      this.hasLatchedRtcp = false;
    }
    if (leg.srtp?.localKeySalt !== previous?.srtp?.localKeySalt || leg.srtp?.remoteKeySalt !== previous?.srtp?.remoteKeySalt) {
      this.srtp = undefined;
      this.srtcp = undefined;
      this.authFailuresInARow = 0;
      this.hasReportedAuthFailing = false;
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
    if (isRtcp) return this.receiveRtcp(datagram, from);
    const expected = this.rtpSource.expected;
    let packet: RtpPacket;
    try {
      packet = RtpPacket.deSerialize(this.srtp ? this.srtp.decrypt(datagram) : datagram);
    } catch {
      if (this.srtp && from.address === expected?.address) this.authFailed();
      return;
    }
    if (!this.rtpSource.admit(from)) {
      this.strays += 1;
      return;
    }
    this.authFailuresInARow = 0;
    const latched = this.rtpSource.current!;
    if (latched.address !== this.rtpTarget?.address || latched.port !== this.rtpTarget.port) {
      this.rtpTarget = { ...latched };
      // Until the provider's own RTCP shows where it comes from, it sits next to its RTP.
      if (!this.hasLatchedRtcp || this.rtcpTarget?.address !== latched.address) {
        this.rtcpTarget = { address: latched.address, port: this.leg.isRtcpMux ? latched.port : latched.port + 1 };
        this.hasLatchedRtcp = false;
      }
    }
    this.lastHeardAt = Date.now();
    this.received += 1;
    this.options.onRtp(packet, arrivedAt);
  }

  private receiveRtcp(datagram: Buffer, from: RemoteInfo): void {
    // RTCP counts only from where the provider's RTP comes from (or, before any, from its SDP's address).
    if (from.address !== this.rtpSource.expected?.address) return;
    let rtcp: Buffer;
    try {
      rtcp = this.srtcp ? this.srtcp.decrypt(datagram) : datagram;
    } catch {
      // An SRTCP packet that fails authentication is dropped, as RFC 3711 says.
      return;
    }
    if (!this.hasLatchedRtcp) {
      this.rtcpTarget = { address: from.address, port: from.port };
      this.hasLatchedRtcp = true;
    }
    this.lastHeardAt = Date.now();
    this.options.onRtcp?.(rtcp);
  }

  private authFailed(): void {
    this.authFailuresInARow += 1;
    if (this.hasReportedAuthFailing || this.authFailuresInARow < (this.options.authFailuresToGiveUp ?? DEFAULT_AUTH_FAILURES_TO_GIVE_UP)) return;
    this.hasReportedAuthFailing = true;
    this.options.onAuthFailing?.();
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
