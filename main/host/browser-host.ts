/**
 * Serves the built renderer to an ordinary browser and carries the IPC
 * contract over a WebSocket, so the real renderer can run against the real
 * core without Electron (tests, UI development).
 *
 * @remarks
 * Listens on 127.0.0.1 only, and accepts the WebSocket only from its own
 * origin: another local page must not be able to drive the softphone.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingCallNotice } from '../../app/incoming-call-notice';
import type { HostFrame } from '../../app/softphone-api';
import type { ShowIncomingCall } from '../core/incoming-call-notifier';
import type { SoftphoneCore } from '../core/softphone-core';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';
import { fail } from '../../app/result';

export interface BrowserHostOptions {
  readonly core: SoftphoneCore;
  /** Folder with the built renderer (index.html …). */
  readonly rendererDir: string;
  readonly port?: number;
}

export interface BrowserHost {
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wav': 'audio/wav',
};

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run "npm run build" first.`);
  }
  const server = createServer((request, response) => serveFile(rendererDir, request, response));
  // Room for a contacts import (up to 4 million characters of UTF-8 text) in one frame.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  server.on('upgrade', (request, socket, head) => {
    if (request.url !== '/ipc' || request.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => bridgeRenderer(options.core, ws));
  });

  return {
    url: `${origin}/`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function bridgeRenderer(core: SoftphoneCore, ws: WebSocket): void {
  const send = (frame: HostFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const connection = core.connectRenderer((channel, payload) => send({ kind: 'event', channel, payload }));
  ws.on('message', (data) => {
    const frame = parseInvokeFrame(data.toString());
    if (!frame) return;
    // The door turns bad channels and payloads into failed results; a bug behind it must not end the host either.
    connection.invoke(frame.channel, frame.payload).then(
      (result) => send({ kind: 'result', id: frame.id, result }),
      () => send({ kind: 'result', id: frame.id, result: fail('internal-error', 'Something went wrong in the softphone.') }),
    );
  });
  // A frame that breaks the WebSocket protocol closes this connection (ws does that); unheard, its error would end the host.
  ws.on('error', () => undefined);
  ws.on('close', () => connection.close());
}

/**
 * An invoke frame with a numeric id, its channel and payload still unchecked
 * (the core's door checks them); anything else (not JSON, not an object, no
 * id) has nobody to answer and is dropped.
 */
function parseInvokeFrame(text: string): { id: number; channel: unknown; payload: unknown } | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return undefined;
  const { kind, id, channel, payload } = frame as Record<string, unknown>;
  if (kind !== 'invoke' || typeof id !== 'number') return undefined;
  return { id, channel, payload };
}

/** The decoded path of a request URL; undefined when it is not a valid URL or its escapes are not UTF-8. */
function decodedPath(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://host').pathname);
  } catch {
    return undefined;
  }
}

function serveFile(root: string, request: IncomingMessage, response: ServerResponse): void {
  const pathname = decodedPath(request.url);
  if (pathname === undefined) {
    response.writeHead(400).end('Bad request');
    return;
  }
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(root, relative);
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404).end('Not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cache-Control': 'no-store',
  });
  // A read that fails after the headers (the file went away, no permission) ends this response, not the host.
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, failed) => {
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => done());
  });
}

/** One desktop notification as the browser host keeps it: what it says, and its buttons to press. */
export interface HostIncomingCallNotification {
  readonly notice: IncomingCallNotice;
  readonly isOpen: boolean;
  answer(): void;
  decline(): void;
  click(): void;
}

/**
 * The browser host's incoming-call notifications: a browser page cannot
 * show main's notification, so they are kept in a list that tests (and the
 * CLI's log) can read and act on, exactly as a user would on the real one.
 */
export class HostIncomingCallNotifications {
  private readonly notifications: HostIncomingCallNotification[] = [];

  constructor(private readonly onShow?: (notice: IncomingCallNotice) => void) {}

  readonly show: ShowIncomingCall = (notice, actions) => {
    let isOpen = true;
    this.notifications.push({
      notice,
      get isOpen() {
        return isOpen;
      },
      answer: () => isOpen && actions.answer(),
      decline: () => isOpen && actions.decline(),
      click: () => isOpen && actions.open(),
    });
    this.onShow?.(notice);
    return { close: () => (isOpen = false) };
  };

  /** Every notification shown so far, oldest first. */
  get all(): readonly HostIncomingCallNotification[] {
    return this.notifications;
  }

  get open(): readonly HostIncomingCallNotification[] {
    return this.notifications.filter((notification) => notification.isOpen);
  }
}
