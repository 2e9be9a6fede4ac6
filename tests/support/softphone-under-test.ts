/**
 * One complete softphone for end-to-end tests: the main core in Node behind
 * the browser host, and the built renderer in its own Debian Chromium whose
 * fake microphone plays a tone of its own.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host';
import type { SdpTranslatorFactory } from '../../main/core/media-gateway/account-media';
import { watchForFailures } from './failure-screenshots';
import { waitFor } from './wait-for';
import { startTestCore, type TestCore } from './core-fixture';
import { toneFile } from './tones';

export const CHROMIUM = '/usr/bin/chromium';
export const RENDERER_DIR = resolve('dist/renderer');
export const SCREENSHOT_DIR = resolve('test-results/screenshots');

export function chromiumArgs(fakeAudioFile: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--allow-loopback-in-peer-connection',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${fakeAudioFile}`,
    // What Electron's webPreferences.autoplayPolicy does for the app.
    '--autoplay-policy=no-user-gesture-required',
  ];
}

export interface SoftphoneUnderTest {
  readonly name: string;
  readonly phone: TestCore;
  readonly host: BrowserHost;
  readonly browser: Browser;
  /** The current window's page. */
  readonly page: Page;
  /** Closes the window, as a user closing it to the tray (the core keeps running). */
  closeWindow(): Promise<void>;
  /** Opens a fresh window on the same core. */
  openWindow(): Promise<Page>;
  screenshot(label: string): Promise<string>;
  close(): Promise<void>;
}

export function assertE2ePrerequisites(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run "npm run build" first');
}

export interface SoftphoneOptions {
  /** A profile folder that outlives the softphone, so a test can start it again on the same files. */
  readonly profileDir?: string;
  /** The media gateway's translators for plain-SIP accounts (the app's own wiring). */
  readonly createSdpTranslator?: SdpTranslatorFactory;
  /** What the core can do in the OS (start at login, links, shortcut, tray): none, as in the browser host, unless given. */
  readonly desktop?: Pick<Parameters<typeof startTestCore>[0] & object, 'setStartAtLogin' | 'setLinkHandling' | 'setGlobalShortcut' | 'isDesktopShell'>;
}

export async function startSoftphone(
  name: string,
  toneHz: number,
  viewport = { width: 960, height: 640 },
  options: SoftphoneOptions = {},
): Promise<SoftphoneUnderTest> {
  const phone = startTestCore({
    ...options.desktop,
    ...(options.profileDir ? { profileDir: options.profileDir } : {}),
    ...(options.createSdpTranslator ? { createSdpTranslator: options.createSdpTranslator } : {}),
  });
  const stopCore = () => phone.stop({ removeProfile: options.profileDir === undefined });
  let host: BrowserHost | undefined;
  let browser: Browser | undefined;
  try {
    host = await startBrowserHost({ core: phone.core, rendererDir: RENDERER_DIR });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs(toneFile(toneHz)) });
    return await openSoftphone(name, { phone, host, browser, viewport, stopCore });
  } catch (error) {
    // Nothing started here may outlive a failed start.
    await browser?.close().catch(() => undefined);
    await host?.close();
    await stopCore();
    throw error;
  }
}

/** The window on a started core, host and browser; closing it stops all three. */
async function openSoftphone(
  name: string,
  parts: { phone: TestCore; host: BrowserHost; browser: Browser; viewport: { width: number; height: number }; stopCore(): Promise<void> },
): Promise<SoftphoneUnderTest> {
  const { phone, host, browser } = parts;
  const context = await browser.newContext({ viewport: parts.viewport, permissions: ['microphone'] });
  const openPage = async () => {
    const opened = await context.newPage();
    opened.on('pageerror', (error) => process.stderr.write(`[${name} page error] ${error.message}\n`));
    await opened.goto(host.url);
    return opened;
  };
  let page = await openPage();
  const unwatch = watchForFailures(name, () => page);
  return {
    name,
    phone,
    host,
    browser,
    get page() {
      return page;
    },
    async closeWindow() {
      const before = phone.core.connectedWindows;
      await page.close();
      // The core hears of it over the host's WebSocket a moment later: until then the window still counts as open.
      await waitFor('the core sees the window closed', () => phone.core.connectedWindows < before, 5_000);
    },
    async openWindow() {
      page = await openPage();
      return page;
    },
    async screenshot(label) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${label}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      unwatch();
      await browser.close().catch(() => undefined);
      await host.close();
      await parts.stopCore();
    },
  };
}
