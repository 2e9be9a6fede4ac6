/**
 * Delivers main's tunnelled SIP traffic to the call agent of each account,
 * and gives each agent a {@link SipPipe} back to main.
 *
 * @remarks
 * It holds nothing for a missing agent: main's relay holds what arrives
 * while an account's agent is not ready, and delivers it only after the
 * call engine reports the agent ready (`sip:ready`).
 *
 * A 401 or 407 is held until {@link SipHubHooks.beforeChallenge} has made
 * the key for its realm ready; what arrives for that account meanwhile waits
 * behind it, so the order on the wire is the order sip.js sees.
 */
import type { SoftphoneApi } from '../../app/ipc-contract';
import { challengedRealmOf } from '../../app/sip/digest-challenge';
import type { PipeTransport, SipPipe } from '../../app/sip/pipe-transport';

export interface SipHubHooks {
  /** Called when an account's connection comes back after it was lost. */
  readonly onReconnected: (accountId: string) => void;
  /** Called when an account's connection is lost. */
  readonly onDisconnected: (accountId: string) => void;
  /** Makes the digest key for `realm` ready before sip.js reads a challenge naming it; never rejects. */
  readonly beforeChallenge: (accountId: string, realm: string) => Promise<void>;
}

export class SipHub {
  private readonly transports = new Map<string, PipeTransport>();
  private readonly connectivity = new Map<string, boolean>();
  private readonly connectWaiters = new Map<string, Set<() => void>>();
  /** Per account, the delivery a held challenge is waiting on; absent when nothing is held. */
  private readonly heldBehindChallenge = new Map<string, Promise<void>>();

  constructor(
    private readonly api: SoftphoneApi,
    private readonly hooks: SipHubHooks,
  ) {
    api.onSipMessage(({ accountId, message }) => this.deliver(accountId, message));
    api.onSipConnection(({ accountId, isConnected }) => this.setConnectivity(accountId, isConnected));
  }

  pipeFor(accountId: string): SipPipe {
    return {
      isConnected: () => this.connectivity.get(accountId) ?? false,
      whenConnected: (timeoutMs) => this.whenConnected(accountId, timeoutMs),
      send: async (message) => {
        const result = await this.api.sendSip({ accountId, message });
        if (!result.ok) throw new Error(result.error.message);
      },
    };
  }

  bind(accountId: string, transport: PipeTransport): void {
    this.transports.set(accountId, transport);
  }

  unbind(accountId: string): void {
    this.transports.delete(accountId);
  }

  private deliver(accountId: string, message: string): void {
    const held = this.heldBehindChallenge.get(accountId);
    const realm = challengedRealmOf(message);
    if (!held && realm === undefined) {
      this.deliverNow(accountId, message);
      return;
    }
    const delivered = (held ?? Promise.resolve())
      .then(() => (realm === undefined ? undefined : this.hooks.beforeChallenge(accountId, realm)))
      .then(() => this.deliverNow(accountId, message));
    this.heldBehindChallenge.set(accountId, delivered);
    void delivered.finally(() => {
      if (this.heldBehindChallenge.get(accountId) === delivered) this.heldBehindChallenge.delete(accountId);
    });
  }

  private deliverNow(accountId: string, message: string): void {
    this.transports.get(accountId)?.receive(message);
  }

  private setConnectivity(accountId: string, isConnected: boolean): void {
    // Known and disconnected before: this is a reconnection, not the first connection.
    const wasDisconnected = this.connectivity.get(accountId) === false;
    this.connectivity.set(accountId, isConnected);
    if (isConnected && wasDisconnected) queueMicrotask(() => this.hooks.onReconnected(accountId));
    if (!isConnected) this.hooks.onDisconnected(accountId);
    const transport = this.transports.get(accountId);
    if (isConnected) {
      for (const wake of this.connectWaiters.get(accountId) ?? []) wake();
      this.connectWaiters.delete(accountId);
      transport?.markConnected();
    } else {
      transport?.markDisconnected();
    }
  }

  private whenConnected(accountId: string, timeoutMs: number): Promise<void> {
    if (this.connectivity.get(accountId)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiters = this.connectWaiters.get(accountId) ?? new Set();
      this.connectWaiters.set(accountId, waiters);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error('The account is not connected to its server.'));
      }, timeoutMs);
      waiters.add(wake);
    });
  }
}
