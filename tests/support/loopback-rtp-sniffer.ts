/**
 * Reads the RTP arriving at one UDP port on `lo` off the wire (a packet
 * socket, like tcpdump), for a peer that cannot tell what it heard itself:
 * baresip 1.0 stops writing what it decodes to its recording after any
 * re-INVITE (two baresips calling each other do the same), so what reaches
 * it after a resume is read here and decoded as the peer would.
 *
 * Needs root (the tests' loopback-only namespace runs as root) and python3,
 * whose standard library opens `AF_PACKET` sockets (Node's cannot).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dominantFrequency, ulawToLinear } from './g711';
import { waitFor } from './wait-for';

export interface SniffedRtp {
  readonly payloadType: number;
  readonly payload: Buffer;
}

export interface LoopbackRtpSniffer {
  /** Every RTP packet to the port since the sniffer started, in order. */
  readonly packets: readonly SniffedRtp[];
  /** The dominant frequency of the last second of PCMU (payload type 0) from `fromIndex` on. */
  heardTone(fromIndex?: number): { frequencyHz: number; share: number; packets: number };
  stop(): void;
}

// Packets on lo show twice (sent, then received): only those received (PACKET_HOST, 0) count.
const SNIFFER = `
import socket, struct, sys
port = int(sys.argv[1])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0800))
s.bind(("lo", 0))
print("ready", flush=True)
while True:
    frame, address = s.recvfrom(65535)
    if address[2] != 0: continue
    ip = frame[14:]
    if len(ip) < 28 or ip[9] != 17: continue
    header = (ip[0] & 15) * 4
    if struct.unpack("!H", ip[header + 2:header + 4])[0] != port: continue
    sys.stdout.write(ip[header + 8:].hex() + "\\n")
    sys.stdout.flush()
`;

/** Starts reading RTP to `port` on lo; resolves once the socket is open. */
export async function sniffRtpTo(port: number): Promise<LoopbackRtpSniffer> {
  const child: ChildProcess = spawn('python3', ['-S', '-c', SNIFFER, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const packets: SniffedRtp[] = [];
  let isReady = false;
  let errors = '';
  let pending = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready') {
        isReady = true;
        continue;
      }
      const datagram = Buffer.from(line, 'hex');
      if (datagram.length < 12 || datagram[0]! >> 6 !== 2) continue;
      const csrcCount = datagram[0]! & 0x0f;
      let offset = 12 + 4 * csrcCount;
      if (datagram[0]! & 0x10 && datagram.length >= offset + 4) offset += 4 + 4 * datagram.readUInt16BE(offset + 2);
      packets.push({ payloadType: datagram[1]! & 0x7f, payload: datagram.subarray(offset) });
    }
  });
  // python3 takes seconds to start on a loaded machine.
  await waitFor('the packet socket on lo', () => isReady || child.exitCode !== null, 20_000).catch(() => undefined);
  if (!isReady) {
    child.kill('SIGTERM'); // a sniffer left running would keep the test process alive
    throw new Error(`cannot read packets on lo: ${errors || 'python3 did not start in time'}`);
  }
  return {
    packets,
    heardTone(fromIndex = 0) {
      const recent = packets.slice(fromIndex).filter((packet) => packet.payloadType === 0).slice(-50);
      const samples: number[] = [];
      for (const packet of recent) for (const byte of packet.payload) samples.push(ulawToLinear(byte));
      return { ...dominantFrequency(samples, 8000), packets: recent.length };
    },
    stop: () => void child.kill('SIGTERM'),
  };
}
