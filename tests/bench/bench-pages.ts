/**
 * Bundles the page-side code of the benchmark with esbuild, in memory (never
 * into the repository), and serves it on http://127.0.0.1:<port>:
 * pages need an http origin to get `navigator.mediaDevices`.
 *
 * - `/` : the bare sip.js peer (baseline caller and callee), `window.benchPeer`.
 * - `probeScript`: the caller probe, as source for `page.addInitScript`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface BenchPages {
  /** URL of the bare sip.js peer page. */
  readonly peerUrl: string;
  /** The caller probe, to inject before any page script runs. */
  readonly probeScript: string;
  close(): Promise<void>;
}

const PEER_ENTRY = fileURLToPath(new URL('./baseline/bench-peer-page.ts', import.meta.url));
const PROBE_ENTRY = fileURLToPath(new URL('./probe/caller-probe.ts', import.meta.url));

const PEER_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>bench peer</title></head>
<body><script src="/bench-peer.js"></script></body></html>
`;

export async function startBenchPages(): Promise<BenchPages> {
  const [peerScript, probeScript] = await Promise.all([bundle(PEER_ENTRY), bundle(PROBE_ENTRY)]);
  const files: Record<string, { body: string; type: string }> = {
    '/': { body: PEER_HTML, type: 'text/html; charset=utf-8' },
    '/bench-peer.js': { body: peerScript, type: 'text/javascript; charset=utf-8' },
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
