/**
 * A sip.js Transport over a pipe whose connectivity someone else owns.
 *
 * @remarks
 * Both user agents of an account use it: main's registration agent (the pipe
 * is the account's WebSocket) and the renderer's call agent (the pipe is the
 * IPC tunnel to main). Neither reconnects by itself: main's supervisor owns
 * the one retry loop and tells the pipe when the connection comes and goes.
 */
import { EmitterImpl, TransportState, type Emitter, type Transport } from 'sip.js';

export interface SipPipe {
  isConnected(): boolean;
  /** Resolves once the pipe is connected; rejects after `timeoutMs`. */
  whenConnected(timeoutMs: number): Promise<void>;
  send(message: string): Promise<void>;
}

export interface PipeTransportOptions {
  readonly pipe: SipPipe;
  readonly connectTimeoutMs?: number;
  /** Receives the transport so its owner can feed it messages and connectivity. */
  readonly onCreated?: (transport: PipeTransport) => void;
}

export class PipeTransport implements Transport {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  private currentState = TransportState.Disconnected;
  private readonly stateEmitter = new EmitterImpl<TransportState>();
  private readonly pipe: SipPipe;
  private readonly connectTimeoutMs: number;
  private isDisposed = false;

  constructor(_logger: unknown, options: PipeTransportOptions) {
    this.pipe = options.pipe;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    options.onCreated?.(this);
  }

  /** sip.js builds the Via from this, although the documented interface omits it. */
  get protocol(): string {
    return 'WS';
  }

  get state(): TransportState {
    return this.currentState;
  }

  get stateChange(): Emitter<TransportState> {
    return this.stateEmitter;
  }

  isConnected(): boolean {
    return this.currentState === TransportState.Connected;
  }

  async connect(): Promise<void> {
    if (this.isDisposed) throw new Error('Transport disposed');
    if (this.isConnected()) return;
    this.setState(TransportState.Connecting);
    try {
      await this.pipe.whenConnected(this.connectTimeoutMs);
    } catch (error) {
      this.setState(TransportState.Disconnected);
      throw error;
    }
    this.markConnected();
  }

  async disconnect(): Promise<void> {
    if (this.currentState === TransportState.Disconnected) return;
    this.setState(TransportState.Disconnected);
    this.onDisconnect?.();
  }

  async dispose(): Promise<void> {
    await this.disconnect();
    this.isDisposed = true;
    this.stateEmitter.removeAllListeners();
  }

  async send(message: string): Promise<void> {
    if (!this.isConnected()) throw new Error('Not connected');
    await this.pipe.send(message);
  }

  /** The pipe's owner delivers an incoming message. */
  receive(message: string): void {
    if (this.isConnected()) this.onMessage?.(message);
  }

  /** The pipe's owner reports that the underlying connection is up. */
  markConnected(): void {
    if (this.isDisposed || this.isConnected()) return;
    this.setState(TransportState.Connected);
    this.onConnect?.();
  }

  /** The pipe's owner reports that the underlying connection is gone. */
  markDisconnected(error?: Error): void {
    if (this.currentState === TransportState.Disconnected) return;
    this.setState(TransportState.Disconnected);
    this.onDisconnect?.(error ?? new Error('Connection lost'));
  }

  private setState(state: TransportState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.stateEmitter.emit(state);
  }
}
