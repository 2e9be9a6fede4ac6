/**
 * A Chromium of its own running a bench page: the bare sip.js peer (baseline
 * caller, callee, or registration timer) or the SimpleUser page (registration
 * recovery). One browser per party: the fake microphone
 * is browser-wide, and separate browsers keep the parties from sharing a
 * renderer main thread, as the softphone's caller has its own too.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, chromiumArgs } from '../support/softphone-under-test';
import { toneFile } from '../support/tones';
import type { BenchPages } from './bench-pages';

export interface PeerBrowser {
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

export interface PeerBrowserOptions {
  readonly label: string;
  readonly toneHz: number;
  /** Inject the caller probe (probe/caller-probe.ts) before the page loads. */
  readonly withProbe: boolean;
  /** Another Chromium executable (e.g. a wrapper pinning it to some CPUs). */
  readonly executablePath?: string;
  /** Which bench page to open: the bare sip.js peer (default) or sip.js' SimpleUser. */
  readonly page?: 'peer' | 'simple-user';
  /** Console errors that are expected (e.g. refused WebSocket connections while the server is down): not printed. */
  readonly expectedConsoleErrors?: RegExp;
}

export async function startPeerBrowser(pages: BenchPages, options: PeerBrowserOptions): Promise<PeerBrowser> {
  const executablePath = options.executablePath ?? CHROMIUM;
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs(toneFile(options.toneHz)) });
  try {
    const context = await browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`[${options.label} page error] ${error.message}\n`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !options.expectedConsoleErrors?.test(message.text())) process.stderr.write(`[${options.label} console] ${message.text()}\n`);
    });
    if (options.withProbe) await page.addInitScript({ content: pages.probeScript });
    if (options.page === 'simple-user') {
      await page.goto(pages.simpleUserUrl);
      await page.waitForFunction(() => window.benchSimpleUser !== undefined, undefined, { timeout: 10_000 });
    } else {
      await page.goto(pages.peerUrl);
      await page.waitForFunction(() => window.benchPeer !== undefined, undefined, { timeout: 10_000 });
    }
    return { browser, page, close: () => browser.close() };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}
