/**
 * Bundles the page-side code of the benchmark with esbuild, in memory (never
 * into the repository), and serves it on http://127.0.0.1:<port>:
 * pages need an http origin to get `navigator.mediaDevices`.
 *
 * - `/` : the bare sip.js peer (baseline caller and callee), `window.benchPeer`.
 * - `/simple-user` : sip.js' `Web.SimpleUser` (registration-recovery baseline), `window.benchSimpleUser`.
 * - `probeScript`: the caller probe, as source for `page.addInitScript`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface BenchPages {
  /** URL of the bare sip.js peer page. */
  readonly peerUrl: string;
  /** URL of the SimpleUser page. */
  readonly simpleUserUrl: string;
  /** The caller probe, to inject before any page script runs. */
  readonly probeScript: string;
  close(): Promise<void>;
}

const PEER_ENTRY = fileURLToPath(new URL('./baseline/bench-peer-page.ts', import.meta.url));
const PROBE_ENTRY = fileURLToPath(new URL('./probe/caller-probe.ts', import.meta.url));
const SIMPLE_USER_ENTRY = fileURLToPath(new URL('./baseline/simple-user-page.ts', import.meta.url));

const pageHtml = (title: string, script: string): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body><script src="${script}"></script></body></html>
`;

export async function startBenchPages(): Promise<BenchPages> {
  const [peerScript, probeScript, simpleUserScript] = await Promise.all([bundle(PEER_ENTRY), bundle(PROBE_ENTRY), bundle(SIMPLE_USER_ENTRY)]);
  const html = 'text/html; charset=utf-8';
  const javascript = 'text/javascript; charset=utf-8';
  const files: Record<string, { body: string; type: string }> = {
    '/': { body: pageHtml('bench peer', '/bench-peer.js'), type: html },
    '/bench-peer.js': { body: peerScript, type: javascript },
    '/simple-user': { body: pageHtml('bench SimpleUser', '/simple-user.js'), type: html },
    '/simple-user.js': { body: simpleUserScript, type: javascript },
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = files[path];
    if (path === '/favicon.ico') {
      response.writeHead(204).end(); // asked for by every page; a 404 would be logged as a page error
      return;
    }
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    peerUrl: `http://127.0.0.1:${port}/`,
    simpleUserUrl: `http://127.0.0.1:${port}/simple-user`,
    probeScript,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One self-contained IIFE, kept in memory: nothing is written anywhere. */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    // Minified like the app's production renderer bundle.
    minify: true,
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}
