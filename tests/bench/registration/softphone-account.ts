/**
 * One softphone account on a given server: the main core under Node with
 * default settings (or the given tuning), the account added through the
 * renderer contract, and a {@link StatusWatch} timing its status changes.
 */
import { startTestCore, type TestCore } from '../../support/core-fixture';
import type { KamailioServer } from '../../support/kamailio';
import { passwordOf } from '../demo-users';
import { StatusWatch } from './status-watch';

export interface WatchedAccount {
  readonly phone: TestCore;
  readonly watch: StatusWatch;
  stop(): Promise<void>;
}

const REGISTER_TIMEOUT_MS = 10_000;

export async function startWatchedAccount(server: KamailioServer, user: string): Promise<WatchedAccount> {
  const password = passwordOf(server, user);
  const phone = startTestCore();
  const sipAddress = `${user}@${server.domain}`;
  const watch = new StatusWatch(phone.core, sipAddress);
  const stop = async (): Promise<void> => {
    watch.dispose();
    await phone.stop();
  };
  try {
    await phone.addAccount({ sipAddress, password, serverUrl: server.wsUrl, displayName: user });
    if ((await watch.until(() => watch.firstAt('registered', 0), REGISTER_TIMEOUT_MS)) === null) {
      throw new Error(`${sipAddress} not registered within ${REGISTER_TIMEOUT_MS} ms (status ${watch.current})`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { phone, watch, stop };
}
