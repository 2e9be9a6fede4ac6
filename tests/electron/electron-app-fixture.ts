/**
 * Launches the real app (built dist/ under a real Electron binary) with
 * Playwright, each launch on a fresh `--profile` folder, and tears it down.
 * Decides up front whether these tests can run here at all: they need an
 * Electron binary (never downloaded here, see scripts/electron-binary.ts)
 * and, on Linux, a display (an Xvfb it starts itself when none is set).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { findElectronBinary } from '../../scripts/electron-binary';

export const ROOT = join(import.meta.dirname, '..', '..');
const BUILT_MAIN = join(ROOT, 'dist', 'main', 'main.js');
const LAUNCH_TIMEOUT_MS = 60_000;
const QUIT_TIMEOUT_MS = 15_000;

const binary = findElectronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const xvfb = hasDisplay ? undefined : onPath('Xvfb');

/** `false` when the Electron tests can run here, otherwise why they are skipped. */
export const skipReason: string | false = !binary.isFound
  ? `skipped: ${binary.reason}`
  : !hasDisplay && !xvfb
    ? 'skipped: no display (DISPLAY is unset and Xvfb is not installed: apt-get install xvfb, or run under xvfb-run)'
    : false;

/**
 * Chromium's sandbox needs a setuid helper or user namespaces, and never
 * works as root; Playwright already turns it off on Linux, the second
 * instance started by hand must match.
 */
export const SANDBOX_ARGS = process.platform === 'linux' ? ['--no-sandbox'] : [];

let display: { readonly env: Record<string, string>; stop(): Promise<void> } | undefined;

/** Checks the build and provides a display, once (launchSoftphone calls it). */
async function prepareElectronSuite(): Promise<void> {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run "npm run build" first`);
  if (xvfb && !display) display = await startXvfb(xvfb);
}

/** Call from the suite's `after`. */
export async function finishElectronSuite(): Promise<void> {
  await display?.stop();
  display = undefined;
}

export function appEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...display?.env })) if (value !== undefined) env[name] = value;
  return env;
}

export function appArgs(profileDir: string): string[] {
  return [...SANDBOX_ARGS, ROOT, `--profile=${profileDir}`];
}

export function electronExecutable(): string {
  if (!binary.isFound) throw new Error(binary.reason);
  return binary.executable;
}

export interface RunningSoftphone {
  readonly app: ElectronApplication;
  /** The page of the app's window. */
  readonly window: Page;
  readonly profileDir: string;
  /** Quits the app (killing it if it does not exit) and deletes its profile. */
  close(): Promise<void>;
}

export async function launchSoftphone(): Promise<RunningSoftphone> {
  await prepareElectronSuite();
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-electron-profile-'));
  let app: ElectronApplication;
  try {
    app = await electron.launch({
      executablePath: electronExecutable(),
      args: appArgs(profileDir),
      cwd: ROOT,
      env: appEnv(),
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  const quit = async (child: ChildProcess) => {
    const exited = hasExited(child) ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The app unregisters its accounts before it exits; give it that time.
    await Promise.race([app.close().catch(() => undefined), sleep(QUIT_TIMEOUT_MS)]);
    if (!hasExited(child)) child.kill('SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
  };
  const close = async () => {
    await quit(app.process());
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    const window = await app.firstWindow({ timeout: LAUNCH_TIMEOUT_MS });
    await window.waitForLoadState('domcontentloaded');
    return { app, window, profileDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Starts Xvfb on a free display number (it reports the number on fd 3). */
async function startXvfb(command: string): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const server = spawn(command, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const displayNumber = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${log}`)), 10_000);
    server.stdio[3]?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) {
        clearTimeout(timer);
        resolve(output.trim());
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${log}`));
    });
  });
  return {
    env: { DISPLAY: `:${displayNumber}` },
    async stop() {
      if (hasExited(server)) return;
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
    },
  };
}
