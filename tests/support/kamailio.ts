/**
 * Launches a real Kamailio (Debian package) as a throw-away SIP server for
 * tests, benchmarks and the demo server (`npm run sip-server`).
 *
 * Each instance gets its own temp dir (rendered config + runtime dir) and
 * runs in its own process group, so stopping, killing, freezing and thawing
 * always reach every Kamailio worker, and only workers we started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { accessSync, constants as fsConstants, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export interface KamailioOptions {
  domain?: string;
  /**
   * Digest realm of every challenge (REGISTER, INVITE, …), default the
   * domain. Credentials are looked up by user name only, so any realm works.
   */
  realm?: string;
  users?: Record<string, string>;
  minExpires?: number;
  maxExpires?: number;
  /** Expiry granted to a REGISTER that asks for none (registrar default_expires, Kamailio's default 3600). */
  defaultExpires?: number;
  /**
   * How requests from our own users other than REGISTER are challenged:
   * 407 Proxy-Authenticate (a proxy, the default) or 401 WWW-Authenticate
   * (a user-agent server such as Asterisk).
   */
  challengeInvitesWith?: 401 | 407;
  /** Seconds a nonce stays valid (auth nonce_expire), default Kamailio's 300. */
  nonceExpireSec?: number;
  /**
   * Re-challenge credentials with an expired nonce with `stale=true` (RFC
   * 2617 §3.2.1). Default false, as Kamailio's stock configs: an expired
   * nonce gets a plain 401/407 with a new nonce.
   */
  staleOnExpiredNonce?: boolean;
  wsPort?: number;
  udpPort?: number;
  /** SIP over TCP; a free port unless given. */
  tcpPort?: number;
  /** Listen for SIP over TLS with this certificate and key (PEM files). */
  tls?: { readonly certificatePath: string; readonly keyPath: string; readonly port?: number };
  /**
   * Be a presence server too (presence, presence_xml, presence_mwi,
   * presence_dialoginfo over db_text files in the instance's folder):
   * SUBSCRIBE and PUBLISH of presence, dialog and message-summary are
   * answered by Kamailio itself. Without it both get 489 Bad Event, as from
   * a registrar that offers no events.
   */
  presence?: boolean;
  /**
   * With `presence`: whether dialog-info names each call (Call-ID, tags;
   * default true). Without them a lamp can only pick a call up by the
   * feature code `*8<line>`, which this server then routes to the caller
   * with Replaces (route PICKUP in the template).
   */
  presenceDialogDetails?: boolean;
}

/**
 * A server unlike the default one, as a softphone meets it in the field:
 * realm 'asterisk' (Asterisk's default, not the SIP domain), INVITE and
 * other requests challenged with 401 instead of 407, nonces that expire
 * after 5 s, and no `stale=true` when they do.
 */
export const OTHER_SERVER_PROFILE = {
  realm: 'asterisk',
  challengeInvitesWith: 401,
  nonceExpireSec: 5,
  staleOnExpiredNonce: false,
} as const satisfies KamailioOptions;

export interface KamailioServer {
  /** ws://127.0.0.1:<wsPort> */
  readonly wsUrl: string;
  /** SIP domain, default 'softphone.test'. */
  readonly domain: string;
  /** Digest realm of every challenge, default the domain. */
  readonly realm: string;
  readonly wsPort: number;
  readonly udpPort: number;
  readonly tcpPort: number;
  /** The TLS port, when started with `tls`. */
  readonly tlsPort: number | undefined;
  /** user -> password */
  readonly users: Record<string, string>;
  /** Pid of the process group leader most recently started. */
  readonly pid: number;
  /** SIGTERM the process group and wait for it to exit (SIGKILL after 3 s). */
  stop(): Promise<void>;
  /** SIGKILL the process group and wait until the ports are free. */
  kill(): Promise<void>;
  /** (Re)start on the same ports; resolves once a WebSocket connection is accepted. */
  start(): Promise<void>;
  /** SIGSTOP the group: connections stay open but nothing is answered. */
  freeze(): void;
  /** SIGCONT the group. */
  thaw(): void;
  /** Captured stdout/stderr so far (for debugging failing tests). */
  logs(): string;
}

export const KAMAILIO_BINARY = '/usr/sbin/kamailio';
export const DEFAULT_DOMAIN = 'softphone.test';

/** alice/bob/carol/dave (`pass-alice` …) plus user001..user100 (`pass-user001` …). */
export const DEMO_USERS: Record<string, string> = buildDemoUsers();

const TEMPLATE_PATH = fileURLToPath(new URL('./kamailio/kamailio.cfg.template', import.meta.url));
// Kamailio's own defaults; tests wanting 423 pass a higher minExpires.
const DEFAULT_MIN_EXPIRES = 60;
const DEFAULT_MAX_EXPIRES = 3600;
const DEFAULT_DEFAULT_EXPIRES = 3600;
const DEFAULT_NONCE_EXPIRE_SEC = 300;
// Small enough that two instances at once stay cheap, big enough for 100
// registered WebSocket clients with calls in flight.
const SHARED_MEMORY_MB = 32;
const PRIVATE_MEMORY_MB = 4;
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;
const GONE_TIMEOUT_MS = 5_000;
const POLL_INTERVAL_MS = 25;
const MAX_LOG_CHARS = 1_000_000;

const SIP_USER = /^[A-Za-z0-9._~-]+$/;
// Passwords are written into a quoted Kamailio string: keep out quotes,
// backslashes (escapes), '$' (pseudo-variables) and whitespace.
const SAFE_PASSWORD = /^[\x21-\x7e]+$/;
const UNSAFE_PASSWORD_CHARS = /["\\$]/;
const DOMAIN_NAME = /^[A-Za-z0-9.-]+$/;

function buildDemoUsers(): Record<string, string> {
  const users: Record<string, string> = {};
  for (const name of ['alice', 'bob', 'carol', 'dave']) users[name] = `pass-${name}`;
  for (let i = 1; i <= 100; i += 1) {
    const name = `user${String(i).padStart(3, '0')}`;
    users[name] = `pass-${name}`;
  }
  return users;
}

// ---------------------------------------------------------------------------
// Process groups we started, killed for sure when this process goes away.

const liveGroups = new Set<number>();
const workDirs = new Set<string>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killEverything);
  // A fatal signal skips 'exit', and our groups are not in the terminal's
  // foreground group, so Ctrl+C would leave them running. Only act when no
  // one else handles the signal (then it is about to kill us anyway).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return;
      killEverything();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** Synchronous, so it can run in an 'exit' handler. */
function killEverything(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  workDirs.clear();
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * True while any non-zombie process is in the group. `kill(-pgid, 0)` is not
 * enough: workers orphaned by the leader may linger as zombies until the
 * init process reaps them, and they no longer hold any socket.
 */
function groupIsAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we were looking
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await delay(POLL_INTERVAL_MS);
  }
}

// ---------------------------------------------------------------------------
// Ports

// Ports handed out by this process: two servers started back to back must
// not get the same "free" port before the first one has bound it.
const handedOutPorts = new Set<number>();

/** Binds 127.0.0.1:0 (TCP), reads the port the kernel chose, closes. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await ephemeralTcpPort();
    if (!handedOutPorts.has(port)) {
      handedOutPorts.add(port);
      return port;
    }
  }
}

async function freeUdpPort(): Promise<number> {
  for (;;) {
    const port = await ephemeralUdpPort();
    if (!handedOutPorts.has(port)) {
      handedOutPorts.add(port);
      return port;
    }
  }
}

function ephemeralTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ephemeralUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function tcpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function udpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------
// Readiness probes

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A full WebSocket upgrade with the "sip" subprotocol, then a clean close. */
function webSocketAccepts(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'sip', { handshakeTimeout: timeoutMs });
    const finish = (accepted: boolean): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      if (socket.readyState === WebSocket.OPEN) socket.close(1000);
      else socket.terminate();
      resolve(accepted);
    };
    socket.once('open', () => finish(socket.protocol === 'sip'));
    socket.once('error', () => finish(false));
    socket.once('unexpected-response', () => finish(false));
  });
}

// ---------------------------------------------------------------------------
// Configuration

interface Settings {
  domain: string;
  realm: string;
  users: Record<string, string>;
  minExpires: number;
  maxExpires: number;
  defaultExpires: number;
  challengeInvitesWith: 401 | 407;
  nonceExpireSec: number;
  staleOnExpiredNonce: boolean;
  wsPort: number;
  udpPort: number;
  tcpPort: number;
  tls: { certificatePath: string; keyPath: string; port: number } | undefined;
  presence: boolean;
  presenceDialogDetails: boolean;
}

/** The db_text tables the presence modules read and write, copied from Kamailio's own schema files. */
const DB_TEXT_SCHEMA_DIR = '/usr/share/kamailio/dbtext/kamailio';
const PRESENCE_TABLES = ['version', 'presentity', 'active_watchers', 'watchers', 'xcap', 'pua'];

function assertKamailioInstalled(): void {
  try {
    accessSync(KAMAILIO_BINARY, fsConstants.X_OK);
  } catch {
    throw new Error(
      `Kamailio not found at ${KAMAILIO_BINARY}. Install it with: ` +
        'apt-get install kamailio kamailio-websocket-modules',
    );
  }
}

async function resolveSettings(options: KamailioOptions): Promise<Settings> {
  const domain = options.domain ?? DEFAULT_DOMAIN;
  const settings: Settings = {
    domain,
    realm: options.realm ?? domain,
    users: { ...(options.users ?? DEMO_USERS) },
    minExpires: options.minExpires ?? DEFAULT_MIN_EXPIRES,
    maxExpires: options.maxExpires ?? DEFAULT_MAX_EXPIRES,
    defaultExpires: options.defaultExpires ?? DEFAULT_DEFAULT_EXPIRES,
    challengeInvitesWith: options.challengeInvitesWith ?? 407,
    nonceExpireSec: options.nonceExpireSec ?? DEFAULT_NONCE_EXPIRE_SEC,
    staleOnExpiredNonce: options.staleOnExpiredNonce ?? false,
    wsPort: options.wsPort ?? (await freePort()),
    udpPort: options.udpPort ?? (await freeUdpPort()),
    tcpPort: options.tcpPort ?? (await freePort()),
    tls: options.tls ? { ...options.tls, port: options.tls.port ?? (await freePort()) } : undefined,
    presence: options.presence ?? false,
    presenceDialogDetails: options.presenceDialogDetails ?? true,
  };
  validateSettings(settings);
  return settings;
}

function validateSettings(settings: Settings): void {
  if (!DOMAIN_NAME.test(settings.domain)) throw new Error(`Invalid SIP domain: ${settings.domain}`);
  if (!DOMAIN_NAME.test(settings.realm)) throw new Error(`Invalid digest realm: ${settings.realm}`);
  if (settings.challengeInvitesWith !== 401 && settings.challengeInvitesWith !== 407) {
    throw new Error(`challengeInvitesWith must be 401 or 407, got ${String(settings.challengeInvitesWith)}`);
  }
  if (!Number.isInteger(settings.nonceExpireSec) || settings.nonceExpireSec < 1) {
    throw new Error(`Invalid nonce lifetime: ${settings.nonceExpireSec} s`);
  }
  for (const port of [settings.wsPort, settings.udpPort, settings.tcpPort, settings.tls?.port ?? 1]) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid port: ${port}`);
  }
  const { minExpires, maxExpires, defaultExpires } = settings;
  if (!Number.isInteger(minExpires) || !Number.isInteger(maxExpires) || minExpires < 0 || maxExpires < minExpires) {
    throw new Error(`Invalid expires range: min ${minExpires}, max ${maxExpires}`);
  }
  if (!Number.isInteger(defaultExpires) || defaultExpires < 1) {
    throw new Error(`Invalid default expires: ${defaultExpires}`);
  }
  for (const [user, password] of Object.entries(settings.users)) {
    if (!SIP_USER.test(user)) throw new Error(`Invalid SIP user name: ${user}`);
    if (!SAFE_PASSWORD.test(password) || UNSAFE_PASSWORD_CHARS.test(password)) {
      throw new Error(`Password of ${user} must be printable ASCII without spaces, quotes, backslashes or '$'`);
    }
  }
}

function renderConfig(template: string, settings: Settings, workDir: string): string {
  const userEntries = Object.entries(settings.users)
    .map(([user, password]) => `\t$sht(users=>${user}) = "${password}";`)
    .join('\n');
  // Switches are preprocessor defines: no comment may follow them on the line.
  const defines = [
    settings.challengeInvitesWith === 401 ? '#!define CHALLENGE_REQUESTS_WITH_401' : '',
    settings.staleOnExpiredNonce ? '#!define STALE_ON_EXPIRED_NONCE' : '',
    settings.tls ? '#!define WITH_TLS' : '',
    settings.presence ? '#!define WITH_PRESENCE' : '',
  ].filter(Boolean);
  const values: Record<string, string> = {
    DEFINES: defines.join('\n'),
    DOMAIN: settings.domain,
    REALM: settings.realm,
    NONCE_EXPIRE: String(settings.nonceExpireSec),
    DEFAULT_EXPIRES: String(settings.defaultExpires),
    WS_PORT: String(settings.wsPort),
    UDP_PORT: String(settings.udpPort),
    TCP_PORT: String(settings.tcpPort),
    TLS_PORT: String(settings.tls?.port ?? 0),
    TLS_CONFIG: join(workDir, 'tls.cfg'),
    MIN_EXPIRES: String(settings.minExpires),
    MAX_EXPIRES: String(settings.maxExpires),
    USER_ENTRIES: userEntries,
    DB_DIR: join(workDir, 'db'),
    DIALOG_DETAILS: settings.presenceDialogDetails ? '1' : '0',
  };
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Unknown placeholder ${placeholder} in ${TEMPLATE_PATH}`);
    return value;
  });
}

// ---------------------------------------------------------------------------
// The server

class KamailioProcess implements KamailioServer {
  readonly wsUrl: string;
  readonly domain: string;
  readonly realm: string;
  readonly wsPort: number;
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly tlsPort: number | undefined;
  readonly users: Record<string, string>;

  private child: ChildProcess | undefined;
  private groupId: number | undefined;
  private output = '';

  constructor(
    settings: Settings,
    private readonly workDir: string,
    private readonly configPath: string,
  ) {
    this.domain = settings.domain;
    this.realm = settings.realm;
    this.wsPort = settings.wsPort;
    this.udpPort = settings.udpPort;
    this.tcpPort = settings.tcpPort;
    this.tlsPort = settings.tls?.port;
    this.users = settings.users;
    this.wsUrl = `ws://127.0.0.1:${settings.wsPort}`;
  }

  get pid(): number {
    if (this.groupId === undefined) throw new Error('Kamailio has not been started');
    return this.groupId;
  }

  logs(): string {
    return this.output;
  }

  async start(): Promise<void> {
    if (this.liveGroup() !== undefined && this.leaderRunning()) return;
    await this.kill(); // leftovers of a crashed leader, and wait for free ports
    this.spawnGroup();
    await this.waitUntilReady();
  }

  async stop(): Promise<void> {
    const pgid = this.liveGroup();
    if (pgid === undefined) return;
    signalGroup(pgid, 'SIGTERM');
    signalGroup(pgid, 'SIGCONT'); // a frozen group only acts on SIGTERM once continued
    if (!(await waitFor(() => !groupIsAlive(pgid), STOP_GRACE_MS))) signalGroup(pgid, 'SIGKILL');
    await this.waitUntilGone(pgid);
    liveGroups.delete(pgid);
  }

  async kill(): Promise<void> {
    const pgid = this.liveGroup();
    if (pgid !== undefined) {
      signalGroup(pgid, 'SIGKILL');
      await this.waitUntilGone(pgid);
      liveGroups.delete(pgid);
    }
    await this.waitUntilPortsFree();
  }

  freeze(): void {
    signalGroup(this.requireLiveGroup(), 'SIGSTOP');
  }

  thaw(): void {
    signalGroup(this.requireLiveGroup(), 'SIGCONT');
  }

  private spawnGroup(): void {
    const args = [
      '-f', this.configPath,
      '-Y', this.workDir, // runtime dir: keeps instances apart
      '-DD', // no daemon: we stay the parent, workers still fork
      '-E', // log to stderr
      '-m', String(SHARED_MEMORY_MB),
      '-M', String(PRIVATE_MEMORY_MB),
    ];
    const child = spawn(KAMAILIO_BINARY, args, {
      cwd: this.workDir,
      detached: true, // own process group, signalled as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.captureOutput(child); // also handles 'error', which would otherwise crash us
    if (child.pid === undefined) throw new Error(`Could not spawn ${KAMAILIO_BINARY}`);
    liveGroups.add(child.pid);
    this.child = child;
    this.groupId = child.pid;
    this.appendLog(`--- kamailio started, pid ${child.pid} ---\n`);
  }

  private captureOutput(child: ChildProcess): void {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.appendLog(chunk));
      // A test that forgets stop() must not hang the test process: the
      // exit hook kills the group instead.
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
    child.on('error', (error) => this.appendLog(`--- spawn error: ${error.message} ---\n`));
    child.on('exit', (code, signal) => this.appendLog(`--- kamailio exited (code ${code}, signal ${signal}) ---\n`));
    child.unref();
  }

  private appendLog(text: string): void {
    this.output += text;
    if (this.output.length > MAX_LOG_CHARS) this.output = this.output.slice(-MAX_LOG_CHARS);
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.leaderRunning()) {
        await this.kill();
        throw new Error(`Kamailio exited during start-up. Logs:\n${this.output}`);
      }
      if ((await tcpAccepts(this.wsPort)) && (await webSocketAccepts(this.wsUrl, 1_000))) return;
      await delay(POLL_INTERVAL_MS);
    }
    await this.kill();
    throw new Error(
      `Kamailio did not accept a WebSocket connection on ${this.wsUrl} within ` +
        `${READY_TIMEOUT_MS / 1000} s. Logs:\n${this.output}`,
    );
  }

  private async waitUntilGone(pgid: number): Promise<void> {
    if (!(await waitFor(() => !groupIsAlive(pgid), GONE_TIMEOUT_MS))) {
      throw new Error(`Kamailio process group ${pgid} is still alive after SIGKILL`);
    }
    // Let Node reap the leader so its exit is logged before a restart.
    await waitFor(() => !this.leaderRunning(), GONE_TIMEOUT_MS);
  }

  private async waitUntilPortsFree(): Promise<void> {
    const free = async (): Promise<boolean> =>
      (await tcpPortIsFree(this.wsPort)) && (await tcpPortIsFree(this.tcpPort)) && (await udpPortIsFree(this.udpPort)) && (this.tlsPort === undefined || (await tcpPortIsFree(this.tlsPort)));
    if (!(await waitFor(free, GONE_TIMEOUT_MS))) {
      throw new Error(`Ports tcp/${this.wsPort} or udp/${this.udpPort} on 127.0.0.1 are still in use`);
    }
  }

  private leaderRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The group we started, if it has not been torn down yet. */
  private liveGroup(): number | undefined {
    return this.groupId !== undefined && liveGroups.has(this.groupId) ? this.groupId : undefined;
  }

  private requireLiveGroup(): number {
    const pgid = this.liveGroup();
    if (pgid === undefined) throw new Error('Kamailio is not running');
    return pgid;
  }
}

export async function startKamailio(options: KamailioOptions = {}): Promise<KamailioServer> {
  assertKamailioInstalled();
  const settings = await resolveSettings(options);
  const template = await readFile(TEMPLATE_PATH, 'utf8');
  const workDir = await mkdtemp(join(tmpdir(), 'softphone-kamailio-'));
  installExitHooks();
  workDirs.add(workDir);
  const configPath = join(workDir, 'kamailio.cfg');
  const tlsConfigPath = join(workDir, 'tls.cfg');
  if (settings.tls) {
    const { certificatePath, keyPath } = settings.tls;
    const side = (name: string): string =>
      `[${name}:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\nprivate_key = ${keyPath}\ncertificate = ${certificatePath}\n`;
    await writeFile(tlsConfigPath, `${side('server')}\n${side('client')}`);
  }
  if (settings.presence) {
    await mkdir(join(workDir, 'db'));
    for (const table of PRESENCE_TABLES) {
      // db_text refuses to read back a row with an empty column unless it is declared nullable,
      // and the presence modules write such rows: a restart would then fail.
      const [header = '', ...rows] = (await readFile(join(DB_TEXT_SCHEMA_DIR, table), 'utf8')).split('\n');
      await writeFile(join(workDir, 'db', table), [header.replace(/\((string|int)\)/g, '($1,null)'), ...rows].join('\n'));
    }
  }
  await writeFile(configPath, renderConfig(template, settings, workDir));
  const server = new KamailioProcess(settings, workDir, configPath);
  await server.start();
  return server;
}
