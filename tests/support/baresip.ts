/**
 * baresip (Debian `baresip-core`) as an independent softphone for plain SIP
 * over UDP, registered through a test Kamailio: it sends chat messages to
 * its one contact and prints the ones it receives. Driven by commands over
 * its ctrl_tcp socket (netstring-framed JSON), watched through its output.
 *
 * Loopback only: it listens on 127.0.0.1 and sends to Kamailio's UDP port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBaresipControl, type BaresipControl } from './baresip-control';
import { freePort } from './kamailio';
import { waitFor } from './wait-for';

export interface BaresipOptions {
  readonly user: string;
  readonly password: string;
  readonly domain: string;
  /** Kamailio's UDP port on 127.0.0.1. */
  readonly proxyUdpPort: number;
  /** The one contact its `message` command writes to (a SIP URI). */
  readonly contact: string;
}

export interface BaresipPeer {
  readonly aor: string;
  /** Sends `text` to the contact; resolves once baresip took the command. */
  message(text: string): Promise<void>;
  /** Resolves when a MESSAGE with `text` has been received from `sender`. */
  waitForMessage(sender: string, text: string, timeoutMs?: number): Promise<void>;
  /** Everything it printed so far (for failing tests). */
  output(): string;
  stop(): Promise<void>;
}

export const BARESIP_BINARY = '/usr/bin/baresip';

export async function startBaresip(options: BaresipOptions): Promise<BaresipPeer> {
  const dir = await mkdtemp(join(tmpdir(), 'baresip-'));
  const [sipPort, controlPort] = [await freePort(), await freePort()];
  await writeFile(
    join(dir, 'config'),
    [
      'poll_method epoll',
      // The namespace of the tests has only lo, which baresip skips unless named.
      'net_interface 127.0.0.1',
      `sip_listen 127.0.0.1:${sipPort}`,
      'audio_player aufile,/dev/null',
      'audio_source ausine,440',
      'module_path /usr/lib/baresip/modules',
      // Its console: without one, what menu prints (received messages) goes nowhere. It needs a pipe as stdin.
      'module stdio.so',
      'module g711.so',
      'module ausine.so',
      'module aufile.so',
      'module_app account.so',
      'module_app contact.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${controlPort}`,
      '',
    ].join('\n'),
  );
  const aor = `sip:${options.user}@${options.domain}`;
  await writeFile(join(dir, 'accounts'), `<${aor}>;auth_pass=${options.password};outbound="sip:127.0.0.1:${options.proxyUdpPort};transport=udp";regint=600\n`);
  await writeFile(join(dir, 'contacts'), `"Peer" <${options.contact}>\n`);
  let output = '';
  // Unbuffered output: what it received must be seen as it happens, not when it exits.
  const child: ChildProcess = spawn('stdbuf', ['-oL', '-eL', BARESIP_BINARY, '-f', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout!.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  const stop = async () => {
    control?.close();
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  let control: BaresipControl | undefined;
  try {
    await waitFor('baresip registered', () => /200 OK/.test(output), 10_000);
    control = await connectBaresipControl(controlPort, () => `baresip said:\n${output}`);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}; baresip said:\n${output}`);
  }
  const { command } = control;
  return {
    aor,
    async message(text) {
      await command('message', text);
    },
    waitForMessage: (sender, text, timeoutMs = 10_000) =>
      waitFor(`baresip received "${text}" from ${sender} (output: ${output})`, () => output.includes(`${sender}: "${text}"`), timeoutMs).then(() => undefined),
    output: () => output,
    stop,
  };
}
