/**
 * Busy lamps (RFC 4235) of one account: a `dialog` subscription of main's
 * user agent per watched line, on every connection, with the rules of
 * {@link TargetSubscriptions} (spread out after a reconnect, "not available
 * from this server" once, `unknown` while it cannot be current, again at
 * once after `deactivated` or `timeout`).
 */
import { DIALOG_EVENT, DIALOG_INFO_CONTENT_TYPE, parseDialogInfo, type DialogInfo } from '../../app/sip/dialog-info';
import type { Logger } from './logger';
import { TargetSubscriptions, type TargetEventPackage, type TargetSubscriptionsOptions } from './target-subscriptions';

/** What a lamp shows. */
export type LampState = 'idle' | 'ringing' | 'busy' | 'unknown' | 'not-offered';

export interface Lamp {
  readonly target: string;
  readonly state: LampState;
  /** The ringing call, when the server shows it (for a pickup with Replaces). */
  readonly ringing?: DialogInfo['ringing'];
}

export type LampWatcherOptions = TargetSubscriptionsOptions;

export const LAMP_DEFAULTS: LampWatcherOptions = { expiresSec: 600, spreadMs: 5_000, retryMs: 60_000 };
/** The most lines one account watches (each is a subscription the server keeps). */
export const MAX_LAMPS = 100;

const LAMP_PACKAGE: TargetEventPackage<Lamp> = {
  event: DIALOG_EVENT,
  accept: DIALOG_INFO_CONTENT_TYPE,
  noun: 'busy lamp for',
  read: (body, target) => {
    // A notifier with no published state for the line (Kamailio's presence_dialoginfo) sends no body: no calls known.
    const info = body.trim() === '' ? { activity: 'idle' as const } : parseDialogInfo(body);
    return info && { target, state: info.activity, ...(info.ringing ? { ringing: info.ringing } : {}) };
  },
  unknown: (target) => ({ target, state: 'unknown' }),
  notOffered: (target) => ({ target, state: 'not-offered' }),
};

export class LampWatcher extends TargetSubscriptions<Lamp> {
  constructor(accountId: string, options: LampWatcherOptions, onChange: () => void, log: Logger) {
    super(accountId, LAMP_PACKAGE, options, onChange, log);
  }

  lamps(): Lamp[] {
    return [...this.states().values()];
  }

  /** Watches `target` (a SIP URI); false when the account already watches the most it may. */
  watch(target: string): boolean {
    if (this.states().has(target)) return true;
    if (this.size >= MAX_LAMPS) return false;
    this.add(target);
    return true;
  }

  unwatch(target: string): void {
    this.remove(target);
  }
}
