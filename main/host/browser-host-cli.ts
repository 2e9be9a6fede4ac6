/**
 * `npm run start:browser`: the softphone without Electron. Runs the main
 * core and serves the renderer on 127.0.0.1; open the printed URL in
 * Chromium. Options: --profile=<folder> (default ~/.config/softphone-browser)
 * and --port=<n> (default 5170), so two instances can run side by side.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainTextVault } from '../core/credential-vault';
import { confDataFiles } from '../core/data-file';
import { createProfileLogger, logFolderOf } from '../core/logger';
import { SoftphoneCore } from '../core/softphone-core';
import { HostIncomingCallNotifications, startBrowserHost } from './browser-host';

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

const profileDir = resolve(option('profile', join(homedir(), '.config', 'softphone-browser')));
const port = Number.parseInt(option('port', '5170'), 10);
mkdirSync(profileDir, { recursive: true });

const log = createProfileLogger('softphone', profileDir);
const core = new SoftphoneCore({
  dataFiles: confDataFiles(profileDir),
  // A browser has no OS keyring to lend us: say so (the UI shows a warning).
  vault: plainTextVault,
  log,
  // A page cannot open a folder on this machine: the UI shows where it is.
  logFolder: { path: logFolderOf(profileDir) },
  requestWindow: () => log.info('incoming call: open the softphone page to answer'),
  showIncomingCall: new HostIncomingCallNotifications((notice) => log.info(`incoming call from ${notice.caller} to ${notice.account}`)).show,
  showMessageNotice: (notice) => log.info(`message from ${notice.sender} to ${notice.account}`),
});
core.start();
const host = await startBrowserHost({ core, rendererDir: resolve('dist/renderer'), port });
process.stdout.write(`Softphone is running. Open ${host.url} in Chromium (profile: ${profileDir}). Ctrl+C quits.\n`);

let isStopping = false;
const stop = async () => {
  if (isStopping) return;
  isStopping = true;
  await Promise.race([core.stop(), new Promise((done) => setTimeout(done, 3_000))]);
  await host.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
