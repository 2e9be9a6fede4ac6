/** The API the bare sip.js bench page exposes as `window.benchPeer`, for `page.evaluate`. */

export interface PeerAccount {
  /** ws://… of the SIP server (or of a tap in front of it). */
  readonly wsUrl: string;
  readonly user: string;
  readonly domain: string;
  readonly password: string;
}

export interface BenchPeerApi {
  /**
   * Starts a UserAgent with its own WebSocket and registers it. A callee
   * answers every INVITE at once (no human time in the figures; it warms
   * its microphone and WebRTC once at start, see warmMedia); an
   * answerer lets it ring until {@link answer}.
   */
  start(account: PeerAccount, role: 'caller' | 'callee' | 'answerer'): Promise<void>;
  /** Sends an INVITE to `target` (user or SIP URI); resolves once it is sent. */
  call(target: string): Promise<void>;
  /** An answerer: accepts the oldest ringing call (marked as a user action in the probe). */
  answer(): Promise<void>;
  /** An answerer's calls ringing now. */
  ringingCount(): number;
  /** Ends every session of this page (BYE, or CANCEL while it rings). */
  hangUp(): Promise<void>;
  /** Sessions not yet terminated. */
  activeSessions(): number;
  /** Calls answered so far (callee). */
  answeredCount(): number;
  /**
   * A fresh UserAgent: connect + REGISTER until registered, in ms on the
   * page clock; then unregisters and stops it.
   */
  timeRegistration(account: PeerAccount): Promise<number>;
  stop(): Promise<void>;
}

declare global {
  interface Window {
    benchPeer?: BenchPeerApi;
  }
}
