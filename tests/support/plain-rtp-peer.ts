/**
 * A provider's phone as the media gateway meets it: plain RTP (or SDES-SRTP)
 * on node:dgram, sending a PCMU tone, sending and hearing RFC 4733 digits,
 * and recording everything it receives (payload types, keep-alives, RTCP,
 * where packets came from), as a SIP peer on the far side would observe.
 */
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { parseSdp } from '../../main/core/media-gateway/audio-sdp';
import { dominantFrequency, linearToUlaw, ulawToLinear } from './g711';
import { SrtpContext } from './srtp-sdes';

const SAMPLE_RATE = 8000;
const SAMPLES_PER_PACKET = 160;
const DTMF_EVENTS = '0123456789*#';

export interface ReceivedRtp {
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly ssrc: number;
  readonly payload: Buffer;
}

export interface PlainPeerSdpOptions {
  readonly direction?: string;
  /** Payload types to list, in order (default PCMU then telephone-event). */
  readonly codecs?: readonly { payloadType: number; rtpmap: string; fmtp?: string }[];
  readonly isRtcpMux?: boolean;
  /** Advertise this port instead of the one the peer sends from (a NAT in between). */
  readonly advertisedPort?: number;
}

async function bindSocket(port = 0): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve());
  });
  return socket;
}

export class PlainRtpPeer {
  readonly received: ReceivedRtp[] = [];
  readonly rtcpReceived: Buffer[] = [];
  /** Datagrams that failed SRTP authentication. */
  rejected = 0;
  readonly sources = new Set<string>();
  private target: { address: string; port: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sequence = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);
  private readonly ssrc = randomBytes(4).readUInt32BE();
  private phase = 0;
  private isPausedForDtmf = false;
  private outbound: SrtpContext | undefined;
  private inbound: SrtpContext | undefined;
  readonly localKeySalt = randomBytes(30).toString('base64');

  private constructor(
    private readonly rtp: Socket,
    private readonly rtcp: Socket,
    private readonly options: { toneHz: number; telephoneEventPayloadType: number; isSecure: boolean },
  ) {
    rtp.on('message', (datagram, from) => this.receive(datagram, `${from.address}:${from.port}`));
    rtcp.on('message', (datagram) => this.rtcpReceived.push(datagram));
    if (options.isSecure) this.outbound = new SrtpContext(this.localKeySalt);
  }

  static async start(options: { toneHz: number; telephoneEventPayloadType?: number; isSecure?: boolean }): Promise<PlainRtpPeer> {
    for (let attempt = 0; ; attempt += 1) {
      const rtp = await bindSocket();
      const port = rtp.address().port;
      try {
        const rtcp = await bindSocket(port + 1);
        return new PlainRtpPeer(rtp, rtcp, { toneHz: options.toneHz, telephoneEventPayloadType: options.telephoneEventPayloadType ?? 101, isSecure: options.isSecure ?? false });
      } catch (error) {
        rtp.close();
        if (attempt > 20) throw error;
      }
    }
  }

  get port(): number {
    return this.rtp.address().port;
  }

  /** An offer or answer as a plain SIP phone writes it. */
  sdp(options: PlainPeerSdpOptions = {}): string {
    const codecs = options.codecs ?? [
      { payloadType: 0, rtpmap: 'PCMU/8000' },
      { payloadType: this.options.telephoneEventPayloadType, rtpmap: 'telephone-event/8000', fmtp: '0-16' },
    ];
    const port = options.advertisedPort ?? this.port;
    const lines = ['v=0', `o=peer 1 ${Date.now()} IN IP4 127.0.0.1`, 's=peer', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} ${this.options.isSecure ? 'RTP/SAVP' : 'RTP/AVP'} ${codecs.map((codec) => codec.payloadType).join(' ')}`];
    for (const codec of codecs) {
      lines.push(`a=rtpmap:${codec.payloadType} ${codec.rtpmap}`);
      if (codec.fmtp) lines.push(`a=fmtp:${codec.payloadType} ${codec.fmtp}`);
    }
    if (options.isRtcpMux) lines.push('a=rtcp-mux');
    if (this.options.isSecure) lines.push(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${this.localKeySalt}`);
    lines.push('a=ptime:20', `a=${options.direction ?? 'sendrecv'}`);
    return `${lines.join('\r\n')}\r\n`;
  }

  /** Takes the other side's SDP: where to send, and its SRTP key. */
  setRemote(sdp: string): void {
    const audio = parseSdp(sdp).audio;
    if (!audio?.address) throw new Error(`no audio address in ${sdp}`);
    this.target = { address: audio.address, port: audio.port };
    const crypto = audio.crypto[0];
    if (this.options.isSecure) {
      if (!crypto) throw new Error('the gateway sent no SDES key');
      this.inbound = new SrtpContext(crypto.keySalt);
    }
  }

  startTone(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sendTonePacket(), 20);
  }

  stopTone(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** RFC 4733 events, 100 ms each with 3 end packets, 100 ms apart. */
  async sendDtmf(digits: string): Promise<void> {
    this.isPausedForDtmf = true;
    for (const digit of digits) {
      const event = DTMF_EVENTS.indexOf(digit);
      const startTimestamp = this.timestamp;
      for (let step = 1; step <= 5; step += 1) {
        this.sendEventPacket(event, startTimestamp, step * SAMPLES_PER_PACKET, false, step === 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (let end = 0; end < 3; end += 1) this.sendEventPacket(event, startTimestamp, 5 * SAMPLES_PER_PACKET, true, false);
      this.timestamp = (this.timestamp + 6 * SAMPLES_PER_PACKET) >>> 0;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.isPausedForDtmf = false;
  }

  /** Digits received as RFC 4733 events with this payload type (one per event, told apart by RTP timestamp). */
  receivedDigits(payloadType: number): string {
    const seen = new Set<string>();
    let digits = '';
    for (const event of this.events) {
      if (event.payloadType !== payloadType || seen.has(event.id)) continue;
      seen.add(event.id);
      digits += DTMF_EVENTS[event.event] ?? '?';
    }
    return digits;
  }

  private readonly events: { payloadType: number; id: string; event: number }[] = [];

  /** The tone heard in the last `seconds` of PCMU received from `fromIndex` on. */
  heardTone(options: { fromIndex?: number; seconds?: number } = {}): { frequencyHz: number; share: number; packets: number } {
    const pcmu = this.received.slice(options.fromIndex ?? 0).filter((packet) => packet.payloadType === 0);
    const recent = pcmu.slice(-Math.round((options.seconds ?? 1) * 50));
    const samples: number[] = [];
    for (const packet of recent) for (const byte of packet.payload) samples.push(ulawToLinear(byte));
    return { ...dominantFrequency(samples, SAMPLE_RATE), packets: recent.length };
  }

  close(): void {
    this.stopTone();
    this.rtp.close();
    this.rtcp.close();
  }

  private send(packet: Buffer): void {
    if (!this.target) return;
    this.rtp.send(this.outbound ? this.outbound.protect(packet) : packet, this.target.port, this.target.address);
  }

  private header(payloadType: number, timestamp: number, marker: boolean): Buffer {
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | payloadType;
    this.sequence = (this.sequence + 1) & 0xffff;
    header.writeUInt16BE(this.sequence, 2);
    header.writeUInt32BE(timestamp >>> 0, 4);
    header.writeUInt32BE(this.ssrc, 8);
    return header;
  }

  private sendTonePacket(): void {
    if (this.isPausedForDtmf) return;
    const payload = Buffer.alloc(SAMPLES_PER_PACKET);
    for (let i = 0; i < SAMPLES_PER_PACKET; i += 1) {
      payload[i] = linearToUlaw(8000 * Math.sin(this.phase));
      this.phase += (2 * Math.PI * this.options.toneHz) / SAMPLE_RATE;
    }
    this.send(Buffer.concat([this.header(0, this.timestamp, false), payload]));
    this.timestamp = (this.timestamp + SAMPLES_PER_PACKET) >>> 0;
  }

  private sendEventPacket(event: number, timestamp: number, duration: number, isEnd: boolean, marker: boolean): void {
    const payload = Buffer.from([event, (isEnd ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);
    this.send(Buffer.concat([this.header(this.options.telephoneEventPayloadType, timestamp, marker), payload]));
  }

  private receive(datagram: Buffer, from: string): void {
    const packetType = datagram[1] ?? 0;
    if (packetType >= 192 && packetType <= 223) {
      this.rtcpReceived.push(datagram);
      return;
    }
    const plain = this.inbound ? this.inbound.unprotect(datagram) : datagram;
    if (!plain) {
      this.rejected += 1;
      return;
    }
    this.sources.add(from);
    const csrcCount = plain[0]! & 0x0f;
    let offset = 12 + 4 * csrcCount;
    if (plain[0]! & 0x10) offset += 4 + 4 * plain.readUInt16BE(offset + 2);
    const packet = { payloadType: plain[1]! & 0x7f, sequenceNumber: plain.readUInt16BE(2), ssrc: plain.readUInt32BE(8), payload: plain.subarray(offset) };
    this.received.push(packet);
    if (packet.payload.length >= 4 && packet.payloadType !== 0) {
      this.events.push({ payloadType: packet.payloadType, id: `${packet.ssrc}:${plain.readUInt32BE(4)}`, event: packet.payload[0]! });
    }
  }
}
