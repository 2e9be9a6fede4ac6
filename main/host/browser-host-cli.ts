/**
 * `npm run start:browser`: the softphone without Electron. Runs the main
 * core and serves the renderer on 127.0.0.1; open the printed URL in
 * Chromium. Options: --profile=<folder> (default ~/.config/softphone-browser)
 * and --port=<n>. Without --port it serves on 5170, or on a free port when
 * 5170 is taken (a second softphone with another profile); a --port that is
 * taken is refused in words, never with a stack.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainTextVault } from '../core/credential-vault';
import { confDataFiles } from '../core/data-file';
import { createProfileLogger, logFolderOf } from '../core/logger';
import { gatewayTranslatorFactory } from '../core/media-gateway/account-media';
import { MediaGatewayClient, nodeGatewayLauncher } from '../core/media-gateway/media-gateway-client';
import { SoftphoneCore } from '../core/softphone-core';
import { HostIncomingCallNotifications, startBrowserHost, type BrowserHost } from './browser-host';

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

const DEFAULT_PORT = 5170;
const profileDir = resolve(option('profile', join(homedir(), '.config', 'softphone-browser')));
const portOption = option('port', '');
const port = portOption === '' ? undefined : Number.parseInt(portOption, 10);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
  process.stderr.write(`--port=${portOption} is not a port number (0 to 65535; 0 picks a free one).\n`);
  process.exit(2);
}
mkdirSync(profileDir, { recursive: true });

const log = createProfileLogger('softphone', profileDir);
// Plain-SIP accounts' audio: the media gateway as a Node child process.
const mediaGateway = new MediaGatewayClient({
  launcher: nodeGatewayLauncher,
  process: { bindAddress: '0.0.0.0', keepAliveMs: 10_000, iceAdditionalHostAddresses: ['127.0.0.1'] },
  logger: log,
});
mediaGateway.start();
const core = new SoftphoneCore({
  createSdpTranslator: gatewayTranslatorFactory(mediaGateway, (accountId, callId, reason) => log.warn(`account ${accountId} call ${callId}: media lost (${reason})`)),
  dataFiles: confDataFiles(profileDir),
  // A browser has no OS keyring to lend us: say so (the UI shows a warning).
  vault: plainTextVault,
  log,
  // A page cannot open a folder on this machine: the UI shows where it is.
  logFolder: { path: logFolderOf(profileDir) },
  // Nor can it pick a folder or show a file: recordings go to the profile's folder.
  recordings: { defaultFolder: join(profileDir, 'recordings') },
  requestWindow: () => log.info('incoming call: open the softphone page to answer'),
  showIncomingCall: new HostIncomingCallNotifications((notice) => log.info(`incoming call from ${notice.caller} to ${notice.account}`)).show,
  showMessageNotice: (notice) => log.info(`message from ${notice.sender} to ${notice.account}`),
});
const isAddressInUse = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
const rendererDir = resolve('dist/renderer');
let host: BrowserHost;
try {
  host = await startBrowserHost({ core, rendererDir, port: port ?? DEFAULT_PORT });
} catch (error) {
  if (!isAddressInUse(error)) throw error;
  if (port !== undefined) {
    process.stderr.write(
      `Port ${port} is already in use (another softphone in browser mode?). Start this one with another port, e.g. --port=${port + 1}, or leave out --port to get a free one.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`Port ${DEFAULT_PORT} is in use (another softphone?); this one takes a free port. Choose one with --port=<n>.\n`);
  host = await startBrowserHost({ core, rendererDir, port: 0 });
}
// Started once it has a page to serve: a refused port leaves nothing half running.
core.start();
process.stdout.write(`Softphone is running. Open ${host.url} in Chromium (profile: ${profileDir}). Ctrl+C quits.\n`);

let isStopping = false;
const stop = async () => {
  if (isStopping) return;
  isStopping = true;
  await Promise.race([core.stop(), new Promise((done) => setTimeout(done, 3_000))]);
  await host.close();
  mediaGateway.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
