/**
 * The one callee of every benchmarked call, softphone's and baseline's alike,
 * so only the caller differs: a bare sip.js page that answers each INVITE the
 * moment it arrives (no human time in the figures).
 */
import type { Page } from 'playwright-core';
import type { KamailioServer } from '../../support/kamailio';
import type { BenchPages } from '../bench-pages';
import { passwordOf } from '../demo-users';
import { startPeerBrowser } from '../peer-browser';
import { waitUntilNoSession } from './callers';

export interface Callee {
  readonly user: string;
  /** With the probe too, to time how long the callee takes to answer. */
  readonly page: Page;
  answeredCount(): Promise<number>;
  waitUntilIdle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const CALLEE_TONE_HZ = 1_500;

export async function startCallee(options: { kamailio: KamailioServer; pages: BenchPages; user: string; executablePath?: string }): Promise<Callee> {
  const { kamailio, pages, user, executablePath } = options;
  const peer = await startPeerBrowser(pages, { label: `callee ${user}`, toneHz: CALLEE_TONE_HZ, withProbe: true, executablePath });
  try {
    const password = passwordOf(kamailio, user);
    // Straight to Kamailio: the callee's path is the same for both callers.
    const account = { wsUrl: kamailio.wsUrl, user, domain: kamailio.domain, password };
    await peer.page.evaluate((input) => window.benchPeer!.start(input, 'callee'), account);
  } catch (error) {
    await peer.close();
    throw error;
  }
  const { page } = peer;
  return {
    user,
    page,
    answeredCount: () => page.evaluate(() => window.benchPeer!.answeredCount()),
    waitUntilIdle: (timeoutMs) => waitUntilNoSession(page, 'callee', timeoutMs),
    async close() {
      await page.evaluate(() => window.benchPeer!.stop()).catch(() => undefined);
      await peer.close();
    },
  };
}
