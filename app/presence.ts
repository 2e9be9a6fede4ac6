/**
 * Presence (RFC 3856 / 3863): the user's own status, which main publishes
 * for every running account, and the status of contacts, which main
 * subscribes to and the Contacts screen shows.
 */
import { z } from 'zod';
import type { CallSummary } from './call-state';

/** The statuses a user picks. Do not disturb is the app's DND setting, not a separate one. */
export const ChosenPresenceSchema = z.enum(['available', 'away', 'busy']);
export type ChosenPresence = z.infer<typeof ChosenPresenceSchema>;

/** What is published: the choice, Do not disturb, or "on the phone" while a call is under way. */
export type PresenceStatus = ChosenPresence | 'dnd' | 'on-the-phone';

/** The statuses the picker offers (DND among them). */
export const PICKABLE_STATUSES = ['available', 'away', 'busy', 'dnd'] as const satisfies readonly PresenceStatus[];

/**
 * A contact's status as the Contacts screen shows it:
 * - a {@link PresenceStatus}, or `offline` (the server knows no client of theirs);
 * - `unknown`: not subscribed now (connecting, refused for now, or the subscription lapsed): an older status is not current;
 * - `not-offered`: the server does not offer presence (asked once per connection).
 */
export type ContactPresenceState = PresenceStatus | 'offline' | 'unknown' | 'not-offered';

/** One watched address of a contact, on the account that watches it. */
export interface ContactPresenceSnapshot {
  readonly contactId: string;
  readonly accountId: string;
  /** The SIP URI subscribed to. */
  readonly target: string;
  readonly state: ContactPresenceState;
}

export interface PresenceSnapshot {
  /** What every running account publishes now. */
  readonly own: PresenceStatus;
  readonly contacts: readonly ContactPresenceSnapshot[];
}

/**
 * The status to publish: Do not disturb wins (callers are turned away
 * anyway), then a call under way (an outgoing one from its first INVITE,
 * an incoming one once answered), then the user's choice.
 */
export function ownPresenceOf(chosen: ChosenPresence, isDoNotDisturb: boolean, calls: readonly Pick<CallSummary, 'direction' | 'phase'>[]): PresenceStatus {
  if (isDoNotDisturb) return 'dnd';
  const isOnThePhone = calls.some((call) => call.phase === 'connected' || (call.direction === 'outgoing' && call.phase !== 'ended'));
  return isOnThePhone ? 'on-the-phone' : chosen;
}

/**
 * What one contact shows when several of its addresses are watched: the
 * first that says something about the person (a status or offline), else
 * the first at all.
 */
export function contactPresenceOf(entries: readonly ContactPresenceSnapshot[]): ContactPresenceState | undefined {
  const telling = entries.find((entry) => entry.state !== 'unknown' && entry.state !== 'not-offered');
  return (telling ?? entries[0])?.state;
}
