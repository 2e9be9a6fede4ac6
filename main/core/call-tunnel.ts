/**
 * The SIP tunnel's renderer side: which renderer runs the call agent of each
 * account, whether that agent is ready, what it may send through main's
 * connection, and what main relays back to it.
 */
import { createHash } from 'node:crypto';
import type { CallAgentConfig } from '../../app/ipc-contract';
import { fail, ok, type Result } from '../../app/result';
import type { AccountFleet } from './account-fleet';
import { openAccountPassword } from './account-password';
import type { AccountStore } from './account-store';
import type { InvokeHandlers } from './core-handlers';
import type { CredentialVault } from './credential-vault';
import type { RendererEntry, RendererRegistry } from './renderer-registry';

export class CallTunnel {
  /** Which renderer runs the call agent of each account. */
  private readonly callAgentOwner = new Map<string, RendererEntry>();
  /** Accounts whose call agent (in its owner renderer) is started and takes messages. */
  private readonly readyCallAgents = new Set<string>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly fleet: AccountFleet,
    private readonly renderers: RendererRegistry,
    private readonly vault: CredentialVault,
  ) {}

  readonly handlers: InvokeHandlers<'sip:attach' | 'sip:digest-key' | 'sip:ready' | 'sip:send'> = {
    'sip:attach': ({ accountId }, renderer) => this.attach(accountId, renderer),
    'sip:digest-key': ({ accountId, realm }, renderer) => this.digestKey(accountId, realm, renderer),
    'sip:ready': ({ accountId }, renderer) => {
      if (this.callAgentOwner.get(accountId) !== renderer) return fail('not-attached', 'This window does not run calls for this account.');
      this.readyCallAgents.add(accountId);
      this.fleet.agentOf(accountId)?.attachRenderer();
      return ok(null);
    },
    'sip:send': ({ accountId, message }, renderer) => {
      if (this.callAgentOwner.get(accountId) !== renderer) return fail('not-attached', 'This window does not run calls for this account.');
      if (!this.fleet.agentOf(accountId)?.sendFromRenderer(message)) return fail('not-connected', 'The account is not connected to its server.');
      return ok(null);
    },
  };

  hasReadyCallAgent(accountId: string): boolean {
    return this.readyCallAgents.has(accountId);
  }

  /** A SIP message from the server for the renderer that runs this account's calls. */
  deliver(accountId: string, message: string): void {
    this.callAgentOwner.get(accountId)?.sink('sip:message', { accountId, message });
  }

  /** Every renderer learns whether the account's connection is up (its transport reports Connected only then). */
  announceConnectivity(accountId: string, isConnected: boolean): void {
    this.renderers.broadcast('sip:connection', { accountId, isConnected });
  }

  /** The renderer is gone: the agents it ran calls for hold or turn away what comes next. */
  detachRenderer(renderer: RendererEntry): void {
    for (const [accountId, owner] of this.callAgentOwner) if (owner === renderer) this.detachCallAgent(accountId);
  }

  private detachCallAgent(accountId: string): void {
    if (!this.callAgentOwner.delete(accountId)) return;
    this.readyCallAgents.delete(accountId);
    this.fleet.agentOf(accountId)?.detachRenderer();
  }

  private attach(accountId: string, renderer: RendererEntry): Result<CallAgentConfig> {
    const account = this.accounts.get(accountId);
    const agent = this.fleet.agentOf(accountId);
    if (!account || !agent) return fail('account-not-active', 'This account is not active.');
    // Messages flow once its agent is started ('sip:ready'); until then main's relay holds them.
    if (this.callAgentOwner.get(accountId) !== renderer) this.detachCallAgent(accountId);
    this.callAgentOwner.set(accountId, renderer);
    renderer.sink('sip:connection', { accountId, isConnected: agent.isConnected });
    return ok({
      accountId,
      aor: account.address.aor,
      displayName: account.displayName,
      authorizationUsername: account.authUser,
      viaHost: agent.rendererViaHost,
    });
  }

  /**
   * Only the digest HA1 of one realm crosses to the renderer, never the
   * password; and only to the window running the account's calls, for a
   * realm that really challenged the account's connection (a page cannot
   * collect keys for realms of its choosing).
   */
  private digestKey(accountId: string, realm: string, renderer: RendererEntry): Result<{ ha1: string }> {
    if (this.callAgentOwner.get(accountId) !== renderer) return fail('not-attached', 'This window does not run calls for this account.');
    const account = this.accounts.get(accountId);
    const agent = this.fleet.agentOf(accountId);
    if (!account || !agent) return fail('account-not-active', 'This account is not active.');
    if (!agent.hasBeenChallengedWithRealm(realm)) return fail('realm-not-challenged', 'The server has not asked for this realm.');
    const password = openAccountPassword(this.vault, account);
    if (password === undefined) return fail('password-unreadable', 'The saved password could not be decrypted.');
    return ok({ ha1: md5(`${account.authUser}:${realm}:${password}`) });
  }
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
