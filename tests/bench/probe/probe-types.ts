/**
 * What the caller-side probe (injected into the softphone's renderer and into
 * the baseline page alike) records, shared by the page code and the Node side
 * that reads it back with `page.evaluate`.
 *
 * Every time is epoch milliseconds on the page's clock
 * (`performance.timeOrigin + performance.now()`), so durations are taken
 * between two readings of the same clock.
 */

/** One text frame that crossed a WebSocket of the page. */
export interface FrameRecord {
  readonly direction: 'out' | 'in';
  readonly at: number;
  readonly data: string;
}

/** One RTCPeerConnection the page created, and when its first RTP audio packet arrived. */
export interface MediaRecord {
  readonly index: number;
  readonly createdAt: number;
  /** First remote audio track (fires while the answer is applied). */
  trackAt?: number;
  /** The remote track's first `unmute`: Chromium unmutes it on the first RTP packet. */
  unmuteAt?: number;
  /**
   * From one getStats() right after the unmute: the inbound-rtp
   * `lastPacketReceivedTimestamp` minus (packetsReceived − 1) packet times.
   */
  statsFirstPacketAt?: number;
  statsPackets?: number;
  /** When the first audio packet was received (see {@link FirstPacketSource}); set once final. */
  firstPacketAt?: number;
  firstPacketSource?: FirstPacketSource;
}

/**
 * - `stats-arrival`: the stats read after the unmute counted exactly one
 *   packet, so its `lastPacketReceivedTimestamp` is the first packet's
 *   arrival (taken on WebRTC's network thread: no main-thread delay).
 * - `stats-paced`: 2 to {@link MAX_PACED_PACKETS} packets by then: the last
 *   one's arrival less one packet time per packet before it. Audio leaves the
 *   far end paced by its capture clock (20 ms frames; frames captured before
 *   SRTP was ready are dropped there, not queued), so this is the first
 *   packet's arrival. What the user hears does not wait for the page's main
 *   thread (playout runs on WebRTC's audio threads), so the unmute event,
 *   which that thread delivers, would charge a busy page for a delay nobody
 *   hears.
 * - `unmute`: more packets than that (or no stats): the unmute time,
 *   which a busy main thread can delay.
 * - `poll`: the track arrived unmuted (not Chromium's behaviour today):
 *   getStats() polled, arrival estimated as for `statsFirstPacketAt`.
 */
export type FirstPacketSource = 'stats-arrival' | 'stats-paced' | 'unmute' | 'poll';

/** Packets counted at the unmute up to which the first one's arrival is taken from the stats (see `stats-paced`). */
export const MAX_PACED_PACKETS = 5;

/** Whether a first packet was timed on WebRTC's network thread (exactly or paced), not by the main thread's unmute. */
export function isTimedByStats(source: FirstPacketSource | undefined): boolean {
  return source === 'stats-arrival' || source === 'stats-paced';
}

export interface ProbeApi {
  readonly frames: FrameRecord[];
  readonly media: MediaRecord[];
  /** Page-clock times of the user's actions: clicks, and {@link markAction}. */
  readonly actions: number[];
  /** Records a user action now (the baseline page, which has no buttons, when asked to call or answer). */
  markAction(): void;
  /**
   * Resolves once peer connection `index` (or a later one) has received
   * audio, or an earlier one first did at or after `since` (page clock): a
   * connection prepared before the call began (the softphone's prepared
   * outgoing leg) carries that call.
   */
  waitForFirstAudio(index: number, timeoutMs: number, since?: number): Promise<MediaRecord>;
  /** RTCPeerConnections created by the page and not closed yet. */
  openPeerConnections(): number;
  /** Forgets the frames and media recorded so far (before a memory reading). */
  clearRecords(): void;
}

declare global {
  interface Window {
    benchProbe?: ProbeApi;
  }
}
