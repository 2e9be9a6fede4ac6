/**
 * What an {@link AccountAgent} is given: the account's settings and timings,
 * and the delegate it reports to.
 */
import type { UserAgent } from 'sip.js';
import type { RegistrationStatus } from '../../app/registration-status';
import type { SipAddress } from '../../app/sip-address';
import type { CallEndedByMain } from './dialog-table';
import type { TurnedAwayCall, TurnedAwayReason } from './renderer-relay';
import type { SdpTranslator } from './sdp-translator';
import type { SipTransportConnectionFactory } from './sip-transport-connection';

/** One account as the agent needs it (the password in clear: it never leaves main). */
export interface AccountAgentConfig {
  readonly id: string;
  readonly displayName: string;
  readonly address: SipAddress;
  readonly authUser: string;
  readonly password: string;
  readonly serverUrl: string;
  /** RFC 5626 instance id (a UUID), stable for the life of the account. */
  readonly instanceId: string;
  readonly registerExpiresSec?: number;
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  /** How often to prove that calls can reach us (an OPTIONS to our own address that must come back). */
  readonly reachabilityIntervalMs?: number;
  /** How long a reachability probe may take before the account is shown Unreachable. */
  readonly reachabilityTimeoutMs?: number;
  /** How long one incoming call waits for a renderer before it is turned away with 480. */
  readonly rendererWaitMs?: number;
  /** How long a REGISTER may go without an acceptable final answer before the connection is replaced. */
  readonly registerTimeoutMs?: number;
  /** Makes the account's connections; by the server URL's scheme ({@link sipConnectionFactory}) unless given. */
  readonly createConnection?: SipTransportConnectionFactory;
  /** SHA-256 fingerprint of a TLS certificate the user trusted for this account. */
  readonly pinnedCertificateSha256?: string;
  /** Translates the SDP of calls with a plain-SIP provider (the media gateway); unchanged SDP when not given. */
  readonly sdpTranslator?: SdpTranslator;
}

/** What the agent reports: status, connectivity, traffic for the renderer, and calls main handled itself. */
export interface AccountAgentDelegate {
  onStatus(status: RegistrationStatus): void;
  /** A message for the renderer's call agent of this account. */
  onRendererMessage(message: string): void;
  onConnectivity(isConnected: boolean): void;
  /** An incoming call arrived and no renderer is attached: open the window. */
  onRendererNeeded(): void;
  /** Decides whether a new incoming call is turned away at once (Do not disturb); returns the status code. */
  rejectIncomingCall?(): number | undefined;
  onKeepAliveSent?(bytes: number): void;
  /** main answered a new call itself: it belongs in the history. */
  onCallTurnedAway?(call: TurnedAwayCall, reason: TurnedAwayReason, statusCode: number): void;
  /** main ended a connected call itself (its window went away): it belongs in the history. */
  onCallEndedByMain?(call: CallEndedByMain): void;
}

/** Why main is asked to re-register at once. */
export type RefreshReason = 'resume' | 'online' | 'unlock' | 'clock-jump' | 'user';

/** What a "connection started" hook gets: main's user agent on the new connection. */
export interface StartedConnection {
  readonly userAgent: UserAgent;
}

/** What {@link AccountAgentConfig} leaves out. */
export const AGENT_DEFAULTS = {
  expiresSec: 600,
  rendererWaitMs: 10_000,
  registerTimeoutMs: 20_000,
  // Each probe costs an OPTIONS, its proxy challenge and the looped request
  // (~1.4 kB both ways); keep-alives already watch the connection itself.
  reachabilityIntervalMs: 180_000,
  reachabilityTimeoutMs: 8_000,
} as const;
