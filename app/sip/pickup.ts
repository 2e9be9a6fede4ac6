/**
 * How a click on a ringing busy lamp picks its call up: a directed pickup
 * (an INVITE to the caller with `Replaces`, RFC 3891) when the notifier
 * showed the ringing dialog, otherwise the account's pickup feature code
 * before the line's number (`*8` + extension on most PBXs).
 */
import { DEFAULT_PICKUP_PREFIX } from '../account';
import type { RingingDialog } from './dialog-info';

export type PickupPlan =
  /** Call `target` (the caller) with this `Replaces` header: the caller swaps the ringing call for ours. */
  | { readonly kind: 'replaces'; readonly target: string; readonly replaces: string }
  /** Dial `target` (prefix + the line's user part); the server connects the ringing call. */
  | { readonly kind: 'prefix'; readonly target: string };

/**
 * @remarks
 * The INVITE goes to the caller, never to the ringing line: RFC 3891 §3 lets
 * only a dialog's initiator replace it while it is early. Its tags are named
 * as the caller sees them, which is how sip.js and other UAs match them
 * (`to-tag` is the receiver's own tag: the caller's, the lamp's `remoteTag`).
 * `early-only` keeps us from taking over a call answered meanwhile.
 */
export function planPickup(line: string, ringing: RingingDialog | undefined, pickupPrefix: string | undefined): PickupPlan {
  if (ringing?.caller && ringing.localTag && ringing.remoteTag) {
    return { kind: 'replaces', target: ringing.caller, replaces: `${ringing.callId};to-tag=${ringing.remoteTag};from-tag=${ringing.localTag};early-only` };
  }
  const user = /^sips?:([^@;?]+)@/i.exec(line)?.[1] ?? line;
  return { kind: 'prefix', target: `${pickupPrefix?.trim() || DEFAULT_PICKUP_PREFIX}${user}` };
}
