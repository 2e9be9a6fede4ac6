/**
 * The two callers being compared. Each has the caller probe in its page and
 * its own SIP tap in front of Kamailio, so both carry the same
 * instrumentation; they differ only in what the benchmark compares:
 *
 * - softphone: the real app (main core in Node behind the browser host, the
 *   built renderer in Chromium), driven through its UI like a user would;
 * - baseline: the bare sip.js page with its own WebSocket.
 */
import type { Page } from 'playwright-core';
import type { KamailioServer } from '../../support/kamailio';
import type { SipTap } from '../../support/sip-tap';
import { startSoftphone } from '../../support/softphone-under-test';
import { callPanel, dial, expectAccountStatus } from '../../support/ui-actions';
import { waitFor } from '../../support/wait-for';
import type { BenchPages } from '../bench-pages';
import { passwordOf } from '../demo-users';
import { startPeerBrowser } from '../peer-browser';

export type Side = 'softphone' | 'baseline';

export interface Caller {
  readonly side: Side;
  /** The caller's page, with the probe (`window.benchProbe`). */
  readonly page: Page;
  /** Relay between the caller's WebSocket and Kamailio. */
  readonly tap: SipTap;
  /** Starts a call to `target` (returns once the call was started, not answered). */
  dial(target: string): Promise<void>;
  hangUp(): Promise<void>;
  /** No call left on this side, and nothing of the last one in the way of the next. */
  waitUntilIdle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const HANG_UP_TIMEOUT_MS = 5_000;

/** Both callers play the same tone, so their encoders see the same input. */
export const CALLER_TONE_HZ = 600;

export async function startSoftphoneCaller(options: { kamailio: KamailioServer; pages: BenchPages; tap: SipTap; user: string }): Promise<Caller> {
  const { kamailio, pages, tap, user } = options;
  const softphone = await startSoftphone(user, CALLER_TONE_HZ);
  try {
    const { page, phone } = softphone;
    // startSoftphone has already loaded the renderer: inject the probe and load it again.
    await page.addInitScript({ content: pages.probeScript });
    await page.reload();
    await page.waitForFunction(() => window.benchProbe !== undefined, undefined, { timeout: 10_000 });
    const password = passwordOf(kamailio, user);
    const displayName = `Bench ${user}`;
    const id = await phone.addAccount({ displayName, sipAddress: `${user}@${kamailio.domain}`, password, serverUrl: tap.url });
    await phone.waitForStatus(id, 'registered');
    await expectAccountStatus(page, displayName, 'Registered');
    return {
      side: 'softphone',
      page,
      tap,
      dial: (target) => dial(page, target),
      // "Cancel" while it rings, "Hang up" once answered; bounded, since a recovery may find neither.
      hangUp: () => callPanel(page).getByRole('button', { name: /^(Hang up|Cancel)$/ }).click({ timeout: HANG_UP_TIMEOUT_MS }),
      async waitUntilIdle(timeoutMs) {
        // The ended call's panel lingers a moment; wait until it is gone so the next call starts from the idle screen.
        await callPanel(page).waitFor({ state: 'detached', timeout: timeoutMs });
        await waitFor('softphone caller idle', async () => (await page.locator('audio.remote-audio').count()) === 0, timeoutMs);
      },
      close: () => softphone.close(),
    };
  } catch (error) {
    await softphone.close();
    throw error;
  }
}

export async function startBaselineCaller(options: { kamailio: KamailioServer; pages: BenchPages; tap: SipTap; user: string }): Promise<Caller> {
  const { kamailio, pages, tap, user } = options;
  const peer = await startPeerBrowser(pages, { label: `baseline ${user}`, toneHz: CALLER_TONE_HZ, withProbe: true });
  try {
    const password = passwordOf(kamailio, user);
    const account = { wsUrl: tap.url, user, domain: kamailio.domain, password };
    await peer.page.evaluate((input) => window.benchPeer!.start(input, 'caller'), account);
    const { page } = peer;
    return {
      side: 'baseline',
      page,
      tap,
      dial: (target) => page.evaluate((input) => window.benchPeer!.call(input), target),
      hangUp: () => page.evaluate(() => window.benchPeer!.hangUp()),
      waitUntilIdle: (timeoutMs) => waitUntilNoSession(page, 'baseline caller', timeoutMs),
      async close() {
        await page.evaluate(() => window.benchPeer!.stop()).catch(() => undefined);
        await peer.close();
      },
    };
  } catch (error) {
    await peer.close();
    throw error;
  }
}

export async function waitUntilNoSession(page: Page, who: string, timeoutMs: number): Promise<void> {
  await waitFor(`${who} idle`, () => page.evaluate(() => window.benchPeer!.activeSessions() === 0), timeoutMs);
}
