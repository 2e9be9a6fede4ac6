/**
 * What main's agent of every running account subscribes to: its voicemail
 * ({@link VoicemailWatcher}) and the lines it watches ({@link LampWatcher}),
 * each re-established on every connection through the account's
 * "connection started" hook.
 */
import type { VoicemailStatus } from '../../app/voicemail';
import { fail, ok, type Result } from '../../app/result';
import { parseDialTarget } from '../../app/sip-address';
import type { AccountAgent } from './account-agent';
import type { AccountStore } from './account-store';
import { LAMP_DEFAULTS, LampWatcher, MAX_LAMPS, type Lamp, type LampWatcherOptions } from './lamp-watcher';
import type { Logger } from './logger';
import { VOICEMAIL_DEFAULTS, VoicemailWatcher, type VoicemailWatcherOptions } from './voicemail-watcher';

export interface SubscriptionTuning {
  readonly voicemail?: Partial<VoicemailWatcherOptions>;
  readonly lamps?: Partial<LampWatcherOptions>;
}

/** A lamp as the window sees it: which account watches which line. */
export interface LampView extends Lamp {
  readonly accountId: string;
}

interface AccountWatchers {
  readonly voicemail: VoicemailWatcher;
  readonly lamps: LampWatcher;
}

export class AccountSubscriptions {
  private readonly watchers = new Map<string, AccountWatchers>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly publish: () => void,
    private readonly log: Logger,
    private readonly tuning: SubscriptionTuning = {},
  ) {}

  /** A new agent of the account runs: its subscriptions follow it on each of its connections. */
  adopt(accountId: string, agent: AccountAgent): void {
    const account = this.accounts.get(accountId);
    if (!account) return;
    const previous = this.watchers.get(accountId);
    this.stopWatchers(previous);
    const watchers: AccountWatchers = {
      voicemail: new VoicemailWatcher(accountId, account.address.aor, { ...VOICEMAIL_DEFAULTS, ...this.tuning.voicemail }, this.publish, this.log),
      lamps: new LampWatcher(accountId, { ...LAMP_DEFAULTS, ...this.tuning.lamps }, this.publish, this.log),
    };
    // The lines the account watches are saved with it: they survive an edit and a restart.
    for (const target of account.watchedLines ?? []) watchers.lamps.watch(target);
    this.watchers.set(accountId, watchers);
    agent.onConnectionStarted(({ userAgent }) => {
      if (this.watchers.get(accountId) !== watchers) return;
      watchers.voicemail.onConnectionStarted(userAgent);
      watchers.lamps.onConnectionStarted(userAgent);
    });
  }

  onConnectivity(accountId: string, isConnected: boolean): void {
    if (isConnected) return;
    const watchers = this.watchers.get(accountId);
    watchers?.voicemail.onConnectionLost();
    watchers?.lamps.onConnectionLost();
  }

  voicemailOf(accountId: string): VoicemailStatus | undefined {
    return this.watchers.get(accountId)?.voicemail.status;
  }

  lamps(): LampView[] {
    return [...this.watchers].flatMap(([accountId, watchers]) => watchers.lamps.lamps().map((lamp) => ({ accountId, ...lamp })));
  }

  /** Watches the line `target` (what the user typed, or a contact's number) from the account. */
  watch(accountId: string, target: string): Result<{ target: string }> {
    const account = this.accounts.get(accountId);
    const watchers = this.watchers.get(accountId);
    if (!account || !watchers) return fail('account-not-active', 'This account is not running.');
    const uri = parseDialTarget(target, account.address);
    if (!uri.ok) return uri;
    if (!watchers.lamps.watch(uri.value)) return fail('lamps-too-many', `An account watches at most ${MAX_LAMPS} lines.`, { max: MAX_LAMPS });
    this.saveLines(accountId, watchers);
    return ok({ target: uri.value });
  }

  unwatch(accountId: string, target: string): Result<null> {
    const watchers = this.watchers.get(accountId);
    if (!watchers) return ok(null);
    watchers.lamps.unwatch(target);
    this.saveLines(accountId, watchers);
    return ok(null);
  }

  /** The account's agent stopped (disabled, edited or removed): its lamps leave the snapshot. */
  forget(accountId: string): void {
    const watchers = this.watchers.get(accountId);
    if (!watchers) return;
    this.stopWatchers(watchers);
    this.watchers.delete(accountId);
    this.publish();
  }

  private saveLines(accountId: string, watchers: AccountWatchers): void {
    this.accounts.setWatchedLines(
      accountId,
      watchers.lamps.lamps().map((lamp) => lamp.target),
    );
  }

  stop(): void {
    for (const watchers of this.watchers.values()) this.stopWatchers(watchers);
    this.watchers.clear();
  }

  private stopWatchers(watchers: AccountWatchers | undefined): void {
    watchers?.voicemail.stop();
    watchers?.lamps.stop();
  }
}
