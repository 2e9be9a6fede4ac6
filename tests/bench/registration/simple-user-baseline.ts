/**
 * The registration-recovery baseline from the bench's side: one Chromium
 * running the SimpleUser page (baseline/simple-user-page.ts), registered on
 * the given server with a demo user of its own.
 */
import type { BenchPages } from '../bench-pages';
import type { PeerAccount } from '../baseline/peer-types';
import { startPeerBrowser } from '../peer-browser';

export interface SimpleUserBaseline {
  /** When it was registered again at or after `since` (epoch ms), waiting at most `timeoutMs`; null if not. */
  registeredAfter(since: number, timeoutMs: number): Promise<number | null>;
  isRegistered(): Promise<boolean>;
  /** Replaces the SimpleUser with a fresh one (after it gave up) and waits until it is registered. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Any tone: no call is placed, but every bench browser gets a fake microphone. */
const TONE_HZ = 600;

export async function startSimpleUserBaseline(pages: BenchPages, account: PeerAccount): Promise<SimpleUserBaseline> {
  const peer = await startPeerBrowser(pages, {
    label: 'SimpleUser baseline',
    toneHz: TONE_HZ,
    withProbe: false,
    page: 'simple-user',
    // Chromium's own report of each reconnection attempt while the server is down.
    expectedConsoleErrors: /^WebSocket connection to .* failed/,
  });
  const { page } = peer;
  const start = () => page.evaluate((input) => window.benchSimpleUser!.start(input), account);
  const stop = () => page.evaluate(() => window.benchSimpleUser!.stop());
  try {
    await start();
  } catch (error) {
    await peer.close();
    throw error;
  }
  return {
    registeredAfter: (since, timeoutMs) => page.evaluate(({ since, timeoutMs }) => window.benchSimpleUser!.registeredAfter(since, timeoutMs), { since, timeoutMs }),
    isRegistered: () => page.evaluate(() => window.benchSimpleUser!.isRegistered()),
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop().catch(() => undefined);
      await peer.close();
    },
  };
}
