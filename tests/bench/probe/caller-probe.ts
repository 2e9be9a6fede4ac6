/**
 * Injected (as an init script, before any page code runs) into BOTH caller
 * pages: the softphone's renderer and the bare sip.js baseline page. The two
 * callers are therefore timed at the same place, the page's JavaScript, with
 * the same instrumentation overhead:
 *
 * - every text frame sent or received on any WebSocket of the page. The
 *   baseline's WebSocket carries SIP itself; the softphone's carries SIP inside
 *   the IPC frames of the browser host. Either way "INVITE sent" is the moment
 *   sip.js hands the INVITE to its transport and "200 received" is the moment
 *   the page gets it, so the softphone's tunnel hops are inside the figure;
 * - for every RTCPeerConnection, when its first audio packet arrived;
 * - when the user acted: every click (capture phase, before the page's own
 *   handlers), or the baseline page's {@link markAction} when its API is
 *   asked to call or answer.
 *
 * First audio: Chromium keeps a remote track muted until its first RTP
 * packet, so its `unmute` says "audio arrived" without any polling; one
 * getStats() right after gives the packet's arrival time on WebRTC's network
 * thread (`lastPacketReceivedTimestamp`, same clock as the page), which a
 * busy main thread cannot delay. Polling getStats() for
 * `packetsReceived > 0` instead was tried: the poll saw the first packet
 * 20–40 ms late (Chromium caches stats reports briefly), and a tight poll
 * loads the page during call setup.
 *
 * The app's code is not modified: only the page's `WebSocket` and
 * `RTCPeerConnection` constructors are replaced by subclasses.
 */
import { MAX_PACED_PACKETS, type FirstPacketSource, type FrameRecord, type MediaRecord, type ProbeApi } from './probe-types';

/** Opus packet time in Chromium's offers/answers (ptime 20). */
const PACKET_INTERVAL_MS = 20;
/** Fallback poll interval, only when a track arrives unmuted. */
const FALLBACK_POLL_MS = 2;

const now = (): number => performance.timeOrigin + performance.now();

const frames: FrameRecord[] = [];
/** When the user (or the baseline page standing in for one) acted: clicks, and {@link markAction}. */
const actions: number[] = [];
const media: MediaRecord[] = [];
/** Weak, so the probe never keeps a connection (or its memory) alive itself. */
const connections: WeakRef<RTCPeerConnection>[] = [];
const audioWaiters = new Set<() => void>();

const NativeWebSocket = window.WebSocket;

class ProbedWebSocket extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    // Added before the page's own listeners, so it runs first for every frame.
    this.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') frames.push({ direction: 'in', at: now(), data: event.data });
    });
  }

  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (typeof data === 'string') frames.push({ direction: 'out', at: now(), data });
    super.send(data);
  }
}

const NativePeerConnection = window.RTCPeerConnection;

class ProbedPeerConnection extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    connections.push(new WeakRef(this));
    const record: MediaRecord = { index: media.length, createdAt: now() };
    media.push(record);
    this.addEventListener('track', (event: RTCTrackEvent) => {
      if (event.track.kind !== 'audio' || record.trackAt !== undefined) return;
      record.trackAt = now();
      if (event.track.muted) {
        event.track.addEventListener('unmute', () => void onUnmute(this, record), { once: true });
      } else {
        void pollFirstPacket(this, record);
      }
    });
  }
}

async function onUnmute(connection: RTCPeerConnection, record: MediaRecord): Promise<void> {
  const unmuteAt = now();
  record.unmuteAt = unmuteAt;
  const statsFirst = await readStatsFirstPacket(connection, record);
  const packets = record.statsPackets ?? 0;
  if (statsFirst !== undefined && packets === 1) settle(record, statsFirst, 'stats-arrival');
  else if (statsFirst !== undefined && packets <= MAX_PACED_PACKETS) settle(record, statsFirst, 'stats-paced');
  else settle(record, unmuteAt, 'unmute');
}

async function pollFirstPacket(connection: RTCPeerConnection, record: MediaRecord): Promise<void> {
  while (record.firstPacketAt === undefined && connection.signalingState !== 'closed') {
    const first = await readStatsFirstPacket(connection, record);
    if (first !== undefined) settle(record, first, 'poll');
    else await new Promise((resolve) => setTimeout(resolve, FALLBACK_POLL_MS));
  }
}

function settle(record: MediaRecord, at: number, source: FirstPacketSource): void {
  if (record.firstPacketAt !== undefined) return;
  record.firstPacketAt = at;
  record.firstPacketSource = source;
  for (const wake of audioWaiters) wake();
}

/** The first packet's arrival according to the inbound-rtp stats, or undefined before any. */
async function readStatsFirstPacket(connection: RTCPeerConnection, record: MediaRecord): Promise<number | undefined> {
  let report: RTCStatsReport;
  try {
    report = await connection.getStats();
  } catch {
    return undefined; // closed meanwhile
  }
  let first: number | undefined;
  report.forEach((stats: RTCStats) => {
    const inbound = stats as RTCInboundRtpStreamStats;
    if (stats.type !== 'inbound-rtp' || inbound.kind !== 'audio' || !inbound.packetsReceived) return;
    if (inbound.lastPacketReceivedTimestamp === undefined) return;
    first = inbound.lastPacketReceivedTimestamp - (inbound.packetsReceived - 1) * PACKET_INTERVAL_MS;
    record.statsFirstPacketAt = first;
    record.statsPackets = inbound.packetsReceived;
  });
  return first;
}

function waitForFirstAudio(index: number, timeoutMs: number, since = Number.POSITIVE_INFINITY): Promise<MediaRecord> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const heard = media.find((record) => record.firstPacketAt !== undefined && (record.index >= index || record.firstPacketAt >= since));
      if (!heard) return false;
      clearTimeout(timer);
      audioWaiters.delete(wake);
      resolve(heard);
      return true;
    };
    const wake = (): void => void check();
    const timer = setTimeout(() => {
      audioWaiters.delete(wake);
      reject(new Error(`no audio packet on peer connection #${index} or later within ${timeoutMs} ms (${media.length} created)`));
    }, timeoutMs);
    if (!check()) audioWaiters.add(wake);
  });
}

/** Peer connections not closed yet (a closed one has signalingState 'closed'). */
function openPeerConnections(): number {
  return connections.filter((ref) => {
    const connection = ref.deref();
    return connection !== undefined && connection.signalingState !== 'closed';
  }).length;
}

/** Drops what the probe recorded so far, so its own records do not count in a memory reading. */
function clearRecords(): void {
  frames.length = 0;
  media.length = 0;
  actions.length = 0;
  connections.splice(0, connections.length, ...connections.filter((ref) => ref.deref() !== undefined));
}

/** The baseline page has no buttons: it marks the moment its API is asked to call or answer. */
function markAction(): void {
  actions.push(now());
}

// Capture phase on the window: before any handler of the page runs.
window.addEventListener('click', () => actions.push(now()), { capture: true });
window.WebSocket = ProbedWebSocket;
window.RTCPeerConnection = ProbedPeerConnection;
const api: ProbeApi = { frames, media, actions, markAction, waitForFirstAudio, openPeerConnections, clearRecords };
window.benchProbe = api;
