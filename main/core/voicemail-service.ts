/** Voicemail waiting of every running account: one {@link VoicemailWatcher} per account agent. */
import type { VoicemailStatus } from '../../app/voicemail';
import type { AccountAgent } from './account-agent';
import type { Logger } from './logger';
import { VOICEMAIL_DEFAULTS, VoicemailWatcher, type VoicemailWatcherOptions } from './voicemail-watcher';

export class VoicemailService {
  private readonly watchers = new Map<string, VoicemailWatcher>();

  constructor(
    private readonly publish: () => void,
    private readonly log: Logger,
    private readonly options: VoicemailWatcherOptions = VOICEMAIL_DEFAULTS,
  ) {}

  /** A new agent of the account runs: its voicemail is watched on each of its connections. */
  adopt(accountId: string, aor: string, agent: AccountAgent): void {
    this.watchers.get(accountId)?.stop();
    const watcher = new VoicemailWatcher(accountId, aor, this.options, this.publish, this.log);
    this.watchers.set(accountId, watcher);
    agent.onConnectionStarted(({ userAgent }) => {
      if (this.watchers.get(accountId) === watcher) watcher.onConnectionStarted(userAgent);
    });
  }

  onConnectivity(accountId: string, isConnected: boolean): void {
    if (!isConnected) this.watchers.get(accountId)?.onConnectionLost();
  }

  statusOf(accountId: string): VoicemailStatus | undefined {
    return this.watchers.get(accountId)?.status;
  }

  forget(accountId: string): void {
    this.watchers.get(accountId)?.stop();
    this.watchers.delete(accountId);
  }

  stop(): void {
    for (const watcher of this.watchers.values()) watcher.stop();
    this.watchers.clear();
  }
}
