/**
 * The child process of the idle section: a softphone core alone in its own
 * Node process (as main is in the app), with the given accounts and default
 * settings. Reports `ready` once every account is registered, then answers
 * `sample`, `collect` and `stop` (see child-protocol.ts). Bundled by
 * idle/child-bundle.ts and started by idle/core-child.ts as
 * `node --expose-gc idle-child.mjs '<config json>'`.
 */
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startTestCore } from '../../support/core-fixture';
import { waitFor } from '../../support/wait-for';
import { MESSAGE_PREFIX, type ChildConfig, type ChildMessage } from './child-protocol';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const phone = startTestCore();

const send = (message: ChildMessage): void => void process.stdout.write(`${MESSAGE_PREFIX}${JSON.stringify(message)}\n`);
const heapUsedMb = (): number => process.memoryUsage().heapUsed / 1024 / 1024;
const registeredCount = (): number => phone.core.snapshot.accounts.filter((account) => account.status.kind === 'registered').length;

async function main(): Promise<void> {
  const startedAt = performance.now();
  const total = config.accounts.length;
  await Promise.all(
    config.accounts.map(({ user, password }) =>
      phone.addAccount({ sipAddress: `${user}@${config.domain}`, password, serverUrl: config.serverUrl, displayName: user }),
    ),
  );
  await waitFor(`${total} accounts registered`, () => registeredCount() === total, config.registerTimeoutMs);
  await watchLines(config.watchedLines ?? []);
  send({ type: 'ready', registered: registeredCount(), registerMs: performance.now() - startedAt });
  // A closed stdin (the bench went away) counts as `stop`.
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'stop') break;
    if (line.trim() === 'sample') {
      send({
        type: 'sample',
        keepAliveBytes: phone.core.keepAliveBytesSent,
        registered: registeredCount(),
        heapUsedMb: heapUsedMb(),
      });
    }
    if (line.trim() === 'collect') {
      const collect = (globalThis as { gc?: () => void }).gc;
      if (!collect) throw new Error('started without --expose-gc');
      collect();
      send({ type: 'collected', heapUsedMb: heapUsedMb() });
    }
  }
  await phone.stop();
  send({ type: 'stopped' });
}

async function watchLines(lines: readonly string[]): Promise<void> {
  const accountId = phone.core.snapshot.accounts[0]?.id;
  if (lines.length === 0 || !accountId) return;
  for (const target of lines) {
    const watched = await phone.invoke('lamps:watch', { accountId, target });
    if (!watched.ok) throw new Error(`lamps:watch ${target}: ${watched.error.message}`);
  }
  const hasState = () => (phone.core.snapshot.lamps ?? []).filter((lamp) => lamp.state !== 'unknown').length === lines.length;
  await waitFor(`${lines.length} lamps with a state`, hasState, config.registerTimeoutMs);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    await phone.stop().catch(() => undefined);
    process.exit(1);
  },
);
