/**
 * The browser host's doors, fed what a hostile local client could send: a
 * bad URL gets 400 and a bad contract frame a failed result; the host keeps
 * serving either way.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import { startTestCore, type TestCore } from '../../support/core-fixture';

let phone: TestCore;
let host: BrowserHost;
let rendererDir: string;

before(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'softphone-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>softphone</title>');
  phone = startTestCore();
  host = await startBrowserHost({ core: phone.core, rendererDir });
});

after(async () => {
  await host.close();
  await phone.stop();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** Sends one raw request line over TCP and returns the status line of the answer. */
function rawRequest(requestLine: string): Promise<string> {
  const { port } = new URL(host.url);
  return new Promise((done, failed) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`${requestLine}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => done(answer.split('\r\n')[0] ?? ''));
    socket.on('error', failed);
    socket.setTimeout(5_000, () => {
      socket.destroy();
      failed(new Error(`no answer to ${requestLine}`));
    });
  });
}

async function statusOfIndex(): Promise<number> {
  return (await fetch(host.url)).status;
}

for (const requestLine of ['GET /%E0%A4%A HTTP/1.1', 'GET http://[ HTTP/1.1', 'GET /%ZZ HTTP/1.1']) {
  test(`${requestLine} is answered 400 and the host keeps serving`, async () => {
    assert.match(await rawRequest(requestLine), /^HTTP\/1\.1 400 /);
    assert.equal(await statusOfIndex(), 200);
  });
}

test('a path outside the renderer folder is not found', async () => {
  assert.match(await rawRequest('GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1'), /^HTTP\/1\.1 404 /);
});

function openIpc(): Promise<WebSocket> {
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}ipc`, { origin: host.url.replace(/\/$/, '') });
  return new Promise((done, failed) => {
    ws.once('open', () => done(ws));
    ws.once('error', failed);
  });
}

function nextResult(ws: WebSocket, id: number): Promise<{ ok: boolean; error?: { code: string } }> {
  return new Promise((done) => {
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { kind: string; id?: number; result?: { ok: boolean; error?: { code: string } } };
      if (frame.kind === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        done(frame.result!);
      }
    };
    ws.on('message', onMessage);
  });
}

test('contract frames of the wrong shape get a failed result, and the connection keeps working', async () => {
  const ws = await openIpc();
  try {
    const badFrames = [
      'null',
      '42',
      '"invoke"',
      '[1,2]',
      '{"kind":"invoke"}',
      'not json',
      '{"kind":"invoke","id":{"toString":1},"channel":"app:get-snapshot"}',
    ];
    for (const frame of badFrames) ws.send(frame);
    const objectChannel = nextResult(ws, 1);
    ws.send(JSON.stringify({ kind: 'invoke', id: 1, channel: { toString: 1, valueOf: 1 }, payload: {} }));
    assert.equal((await objectChannel).error?.code, 'unknown-channel');
    const arrayChannel = nextResult(ws, 2);
    ws.send(JSON.stringify({ kind: 'invoke', id: 2, channel: ['app:get-snapshot'] }));
    assert.equal((await arrayChannel).error?.code, 'unknown-channel');
    const good = nextResult(ws, 3);
    ws.send(JSON.stringify({ kind: 'invoke', id: 3, channel: 'app:get-snapshot' }));
    assert.equal((await good).ok, true);
  } finally {
    ws.close();
  }
  assert.equal(await statusOfIndex(), 200);
});

test('a WebSocket frame that breaks the protocol closes that connection only', async () => {
  const broken = await openIpc();
  const closed = new Promise<number>((done) => broken.once('close', (code) => done(code)));
  broken.send(Buffer.from([0xff, 0xfe]), { binary: false });
  assert.equal(await closed, 1007);
  const ws = await openIpc();
  try {
    const good = nextResult(ws, 1);
    ws.send(JSON.stringify({ kind: 'invoke', id: 1, channel: 'app:get-snapshot' }));
    assert.equal((await good).ok, true);
  } finally {
    ws.close();
  }
});
