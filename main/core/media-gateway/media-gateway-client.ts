/**
 * main's end of the media gateway: starts the gateway process through a
 * launcher port (a Node child process here, Electron's `utilityProcess` in
 * the app), sends it requests and matches their replies, and restarts it
 * when it dies.
 *
 * @remarks
 * - A dead gateway fails every request in flight with `media-gateway-down`
 *   and tells the listeners of {@link MediaGatewayClient.onDown} (the
 *   translators fail their calls in words); it is started again at once
 *   (with a growing pause if it keeps dying young), so the next call works.
 * - Replies are validated ({@link gatewayMessageSchema}); a malformed one is
 *   logged and dropped (its request then times out).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger';
import type { GatewayProcessOptions } from './media-gateway-process';
import { gatewayMessageSchema, type CallMediaFailure, type GatewayMessage, type GatewayRequestBody, type GatewayStats } from './gateway-protocol';

/** A started gateway process, whatever started it. */
export interface GatewayChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** Stops it for good (it may finish what it writes). */
  close(): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type GatewayLauncher = (options: GatewayProcessOptions) => GatewayChannel;

function forkGateway(entry: string, execArgv: string[]): GatewayLauncher {
  return (options) => {
    const child = fork(entry, [JSON.stringify(options)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return {
      send: (message) => {
        if (child.connected) child.send(message as object);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill('SIGKILL'),
      close: () => {
        if (child.connected) child.disconnect();
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      },
      pid: child.pid,
    };
  };
}

/** Under Node (tests, the browser host): the TypeScript entry through tsx. */
export const nodeGatewayLauncher: GatewayLauncher = forkGateway(fileURLToPath(new URL('./media-gateway-process.ts', import.meta.url)), ['--import', 'tsx', '--no-warnings']);

/** Under Node, the bundle the build writes (dist/main/media-gateway.js): what the app runs, without tsx's loader hooks. */
export function bundledGatewayLauncher(bundle: string): GatewayLauncher {
  return forkGateway(bundle, ['--no-warnings']);
}

export interface MediaGatewayClientOptions {
  readonly launcher: GatewayLauncher;
  readonly process: GatewayProcessOptions;
  readonly logger?: Logger;
  /** How long a request may take (werift gathers candidates in an answer). */
  readonly requestTimeoutMs?: number;
}

export class MediaGatewayDownError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaGatewayDownError';
  }
}

/** A request the gateway refused, with its code. */
export class MediaGatewayRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MediaGatewayRequestError';
  }
}

type Reply = Extract<GatewayMessage, { ok: true }>;

interface Pending {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const YOUNG_DEATH_MS = 10_000;
const MAX_RESTART_PAUSE_MS = 5_000;

export class MediaGatewayClient {
  private channel: GatewayChannel | undefined;
  private generation = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly downListeners = new Set<(generation: number) => void>();
  private readonly callFailedListeners = new Set<(callId: string, reason: CallMediaFailure) => void>();
  private restartPauseMs = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private isStopped = false;
  private readyWaiters: (() => void)[] = [];
  private isReady = false;

  constructor(private readonly options: MediaGatewayClientOptions) {}

  /** Starts the process now (it warms its DTLS certificate before the first call). */
  start(): void {
    if (this.channel || this.isStopped) return;
    this.generation += 1;
    const generation = this.generation;
    this.startedAt = Date.now();
    this.isReady = false;
    const channel = this.options.launcher(this.options.process);
    this.channel = channel;
    channel.onMessage((message) => this.receive(message));
    channel.onExit((code) => this.exited(generation, code));
  }

  /** Which incarnation of the process is running: calls opened on an older one have lost their media. */
  get currentGeneration(): number {
    return this.generation;
  }

  get pid(): number | undefined {
    return this.channel?.pid;
  }

  /** Resolves once the process has made its DTLS certificate. */
  async ready(): Promise<void> {
    this.start();
    if (this.isReady) return;
    await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
  }

  onDown(listener: (generation: number) => void): () => void {
    this.downListeners.add(listener);
    return () => this.downListeners.delete(listener);
  }

  /** A call's media died on its own; the gateway has closed that call. */
  onCallFailed(listener: (callId: string, reason: CallMediaFailure) => void): () => void {
    this.callFailedListeners.add(listener);
    return () => this.callFailedListeners.delete(listener);
  }

  async request(body: GatewayRequestBody): Promise<Reply> {
    this.start();
    const channel = this.channel;
    if (!channel) throw new MediaGatewayDownError('the media gateway is stopped');
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MediaGatewayDownError(`the media gateway did not answer ${body.type} in time`));
      }, this.options.requestTimeoutMs ?? 10_000);
      this.pending.set(id, { resolve, reject, timer });
      channel.send({ ...body, id });
    });
  }

  async stats(): Promise<GatewayStats | undefined> {
    return (await this.request({ type: 'stats' })).stats;
  }

  /** Stops the process for good (app quit, test end). */
  stop(): void {
    this.isStopped = true;
    clearTimeout(this.restartTimer);
    this.channel?.close();
  }

  private receive(raw: unknown): void {
    const parsed = gatewayMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.logger?.warn(`media gateway: malformed message dropped: ${parsed.error.message.slice(0, 200)}`);
      return;
    }
    const message = parsed.data;
    if ('id' in message) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message);
      else pending.reject(new MediaGatewayRequestError(message.code, message.message));
    } else if (message.type === 'ready') {
      this.isReady = true;
      this.restartPauseMs = Date.now() - this.startedAt > YOUNG_DEATH_MS ? 0 : this.restartPauseMs;
      for (const waiter of this.readyWaiters.splice(0)) waiter();
    } else {
      for (const listener of this.callFailedListeners) listener(message.callId, message.reason);
    }
  }

  private exited(generation: number, code: number | null): void {
    if (generation !== this.generation) return;
    this.channel = undefined;
    this.options.logger?.warn(`media gateway exited (code ${code}); its calls have lost their media`);
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new MediaGatewayDownError('the media gateway stopped'));
      this.pending.delete(id);
    }
    for (const listener of this.downListeners) listener(generation);
    if (this.isStopped) return;
    const diedYoung = Date.now() - this.startedAt < YOUNG_DEATH_MS;
    this.restartPauseMs = diedYoung ? Math.min(MAX_RESTART_PAUSE_MS, Math.max(250, this.restartPauseMs * 2)) : 0;
    this.restartTimer = setTimeout(() => this.start(), this.restartPauseMs);
    this.restartTimer.unref();
  }
}
