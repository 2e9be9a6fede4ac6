/**
 * When a prepared outgoing leg (see prepared-outgoing-leg.ts) may still carry
 * a call, and why not: pure rules, so they are tested without WebRTC.
 */

/** A leg older than this is made again: candidates and TURN allocations age, and a fresh leg costs nothing on the click path. */
export const PREPARED_LEG_MAX_AGE_MS = 4 * 60 * 1000;

/** What is known about a prepared leg. */
export interface PreparedLegFacts {
  /** When its offer was made (ms, the same clock as `now`). */
  readonly madeAt: number;
  /** The STUN/TURN servers it gathered with ({@link iceServersKey}). */
  readonly iceServersKey: string;
  /** The network epoch it gathered in (bumped on every `online` event). */
  readonly networkEpoch: number;
  /** Whether its ICE gathering completed. */
  readonly isGathered: boolean;
  /** How many candidates it gathered. */
  readonly candidateCount: number;
  /** The peer connection's signalling state: a usable leg holds its own offer. */
  readonly signalingState: RTCSignalingState;
}

/** What the next call would gather with now. */
export interface PreparedLegContext {
  readonly now: number;
  readonly iceServersKey: string;
  readonly networkEpoch: number;
}

/** Why a leg cannot carry the next call. */
export type StaleLegReason = 'not-gathered' | 'no-candidates' | 'too-old' | 'ice-servers-changed' | 'network-changed' | 'not-an-offer';

/** Undefined when the leg may carry the next call; otherwise the first reason it may not. */
export function staleLegReason(leg: PreparedLegFacts, context: PreparedLegContext): StaleLegReason | undefined {
  if (leg.signalingState !== 'have-local-offer') return 'not-an-offer';
  if (!leg.isGathered) return 'not-gathered';
  // Gathered while offline (or with every interface down): the offer would reach nobody.
  if (leg.candidateCount === 0) return 'no-candidates';
  if (leg.networkEpoch !== context.networkEpoch) return 'network-changed';
  if (leg.iceServersKey !== context.iceServersKey) return 'ice-servers-changed';
  if (context.now - leg.madeAt >= PREPARED_LEG_MAX_AGE_MS) return 'too-old';
  return undefined;
}

/** One key per STUN/TURN configuration (order counts: ICE tries servers in order). */
export function iceServersKey(servers: readonly RTCIceServer[]): string {
  return JSON.stringify(servers.map((server) => [server.urls, server.username ?? '', server.credential ?? '']));
}
