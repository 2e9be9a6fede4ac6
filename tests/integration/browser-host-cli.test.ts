/**
 * Two softphones in browser mode side by side, as the README's first-call
 * steps start them (`npm start -- --profile=…` twice): the second one finds
 * a free port by itself; a --port that is taken is refused in words, with
 * the flag to use, never with an EADDRINUSE stack.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const CLI = 'main/host/browser-host-cli.ts';

interface Run {
  readonly child: ChildProcess;
  output(): string;
}

function startCli(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text };
}

async function untilOutput(run: Run, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = run.output().match(pattern);
    if (found) return found;
    if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`expected ${pattern}; the softphone said:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function occupy(port: number): Promise<Server> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

describe('browser mode started twice', () => {
  const profiles: string[] = [];
  const runs: Run[] = [];
  const servers: Server[] = [];
  const profile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'softphone-cli-'));
    profiles.push(dir);
    return dir;
  };
  after(async () => {
    for (const run of runs) {
      if (run.child.exitCode === null) {
        run.child.kill('SIGTERM');
        await once(run.child, 'exit');
      }
    }
    for (const server of servers) server.close();
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  });

  test('without --port, a second softphone takes a free port when 5170 is taken, and says so', async () => {
    // In the test's own network namespace, 5170 is ours to take.
    servers.push(await occupy(5170));
    const second = startCli([`--profile=${profile()}`]);
    runs.push(second);
    const [, url] = await untilOutput(second, /Open (http:\/\/127\.0\.0\.1:\d+\/) in Chromium/);
    assert.doesNotMatch(url!, /:5170\//);
    assert.match(second.output(), /Port 5170 is in use/);
    const page = await fetch(url!);
    assert.equal(page.status, 200, 'the second softphone serves its page');
  });

  test('a --port that is taken is refused in words with the flag to use, and no stack', async () => {
    const taken = await occupy(0);
    servers.push(taken);
    const port = (taken.address() as AddressInfo).port;
    const run = startCli([`--profile=${profile()}`, `--port=${port}`]);
    runs.push(run);
    const [code] = await once(run.child, 'exit');
    assert.equal(code, 1);
    assert.match(run.output(), new RegExp(`Port ${port} is already in use .* --port=${port + 1}`));
    assert.doesNotMatch(run.output(), /EADDRINUSE|\n\s+at /, 'no raw error or stack');
  });
});
