/**
 * The registration-recovery baseline: sip.js 0.21's own `Web.SimpleUser` in
 * Chromium, the batteries-included way to stay registered with bare sip.js.
 * Its reconnection options are left at their defaults (3 attempts, 4 s
 * apart; after a lost connection it re-registers once reconnected) because
 * they are what is being compared. Only its console logging is off (every
 * restart would print a dozen expected errors), and no media is configured:
 * no call is placed.
 */
import { Web } from 'sip.js';
import type { PeerAccount } from './peer-types';
import type { BenchSimpleUserApi, SimpleUserEvent, SimpleUserEventKind } from './simple-user-types';

const START_TIMEOUT_MS = 10_000;
const POLL_MS = 20;

let simpleUser: Web.SimpleUser | undefined;
let registered = false;
const events: SimpleUserEvent[] = [];

function note(kind: SimpleUserEventKind): void {
  events.push({ kind, at: Date.now() });
  if (kind === 'registered') registered = true;
  if (kind === 'unregistered' || kind === 'disconnected') registered = false;
}

function create(account: PeerAccount): Web.SimpleUser {
  // A stopped instance may still report (its own disconnect): only the current one counts.
  const report = (kind: SimpleUserEventKind) => () => {
    if (simpleUser === instance) note(kind);
  };
  const instance: Web.SimpleUser = new Web.SimpleUser(account.wsUrl, {
    aor: `sip:${account.user}@${account.domain}`,
    delegate: {
      onServerConnect: report('connected'),
      onServerDisconnect: report('disconnected'),
      onRegistered: report('registered'),
      onUnregistered: report('unregistered'),
    },
    userAgentOptions: {
      authorizationUsername: account.user,
      authorizationPassword: account.password,
      logBuiltinEnabled: false,
      userAgentString: 'bench-baseline (sip.js SimpleUser)',
    },
  });
  return instance;
}

async function registeredAfter(since: number, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find((event) => event.kind === 'registered' && event.at >= since);
    if (found) return found.at;
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const api: BenchSimpleUserApi = {
  async start(account) {
    if (simpleUser) throw new Error('already started');
    const startedAt = Date.now();
    simpleUser = create(account);
    await simpleUser.connect();
    await simpleUser.register();
    if ((await registeredAfter(startedAt, START_TIMEOUT_MS)) === null) throw new Error(`SimpleUser ${account.user} not registered within ${START_TIMEOUT_MS} ms`);
  },

  registeredAfter,
  isRegistered: () => registered,
  events: () => [...events],

  async stop() {
    const current = simpleUser;
    simpleUser = undefined;
    registered = false;
    if (!current) return;
    if (current.isConnected()) await current.unregister().catch(() => undefined);
    await current.disconnect().catch(() => undefined);
  },
};

window.benchSimpleUser = api;
