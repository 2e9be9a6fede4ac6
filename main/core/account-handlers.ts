/** The accounts domain of the contract: add, edit, enable, remove, retry and test accounts. */
import { savedPasswordMisuse, validateAccountInput } from '../../app/account';
import type { AccountTestResult } from '../../app/account-test';
import type { RequestOf } from '../../app/ipc-contract';
import { fail, ok, type Result } from '../../app/result';
import type { AccountFleet } from './account-fleet';
import { openAccountPassword } from './account-password';
import { testAccountRegistration } from './account-test';
import type { CoreHandlerContext } from './core-handler-context';
import type { InvokeHandlers } from './core-handlers';

export type AccountChannel = 'accounts:add' | 'accounts:update' | 'accounts:set-enabled' | 'accounts:remove' | 'accounts:retry' | 'accounts:test';

export function accountHandlers(context: CoreHandlerContext, fleet: AccountFleet): InvokeHandlers<AccountChannel> {
  const { stores, ports } = context;
  return {
    'accounts:add': (input) => {
      const valid = validateAccountInput(input, { isPasswordRequired: true });
      if (!valid.ok) return valid;
      const account = stores.accounts.add(valid.value, ports.vault.seal(valid.value.password));
      ports.log.info(`account ${account.id} added (${account.address})`);
      fleet.start(account);
      context.onAccountsChanged();
      return ok({ id: account.id });
    },
    'accounts:update': async ({ id, input }) => {
      const valid = validateAccountInput(input, { isPasswordRequired: false });
      if (!valid.ok) return valid;
      const saved = stores.accounts.get(id);
      if (!saved) return fail('account-not-found', 'This account no longer exists.');
      const misuse = savedPasswordMisuse(saved, valid.value);
      if (misuse) return fail(misuse.code, misuse.message);
      const sealed = valid.value.password === '' ? undefined : ports.vault.seal(valid.value.password);
      const account = stores.accounts.update(id, valid.value, sealed);
      if (!account) return fail('account-not-found', 'This account no longer exists.');
      await fleet.restart(account);
      context.onAccountsChanged();
      return ok(null);
    },
    'accounts:set-enabled': async ({ id, enabled }) => {
      const account = stores.accounts.setEnabled(id, enabled);
      if (!account) return fail('account-not-found', 'This account no longer exists.');
      await fleet.restart(account);
      context.onAccountsChanged();
      return ok(null);
    },
    'accounts:remove': async ({ id }) => {
      await fleet.stop(id);
      if (!stores.accounts.remove(id)) return fail('account-not-found', 'This account no longer exists.');
      fleet.forget(id);
      stores.reachability.forgetAccount(id);
      ports.log.info(`account ${id} removed`);
      context.onAccountsChanged();
      return ok(null);
    },
    'accounts:retry': ({ id }) => {
      const account = stores.accounts.get(id);
      if (!account) return fail('account-not-found', 'This account no longer exists.');
      const agent = fleet.agentOf(id);
      if (agent && agent.currentStatus.kind !== 'failed') agent.retryNow();
      else void fleet.restart(account);
      return ok(null);
    },
    'accounts:test': ({ input, accountId }) => testAccount(context, input, accountId),
  };
}

async function testAccount(
  { stores, ports }: CoreHandlerContext,
  input: RequestOf<'accounts:test'>['input'],
  accountId: string | undefined,
): Promise<Result<AccountTestResult>> {
  const saved = accountId === undefined ? undefined : stores.accounts.get(accountId);
  if (accountId !== undefined && !saved) return fail('account-not-found', 'This account no longer exists.');
  const valid = validateAccountInput(input, { isPasswordRequired: saved === undefined });
  if (!valid.ok) return valid;
  const misuse = saved && savedPasswordMisuse(saved, valid.value);
  if (misuse) return fail(misuse.code, misuse.message);
  const password = valid.value.password === '' && saved ? openAccountPassword(ports.vault, saved) : valid.value.password;
  if (password === undefined) return fail('password-unreadable', 'The saved password could not be decrypted. Enter it again.');
  ports.log.info(`testing registration of ${valid.value.address} at ${valid.value.serverUrl}`);
  const result = await testAccountRegistration({ ...valid.value, password }, ports.log, {
    registerTimeoutMs: ports.agentTuning?.registerTimeoutMs,
  });
  return ok(result);
}
