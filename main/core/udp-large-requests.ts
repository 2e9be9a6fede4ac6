/**
 * Requests too large for a datagram, carried over TCP to the same server
 * (RFC 3261 §18.1.1), for a UDP connection.
 *
 * @remarks
 * - One stream at a time, opened at the first need; requests wait while it
 *   opens.
 * - A stream that closes (the server dropped it, a dead peer) is forgotten:
 *   the next large request opens a new one.
 * - A stream that cannot be opened (refused, reset, timed out) sends the
 *   waiting requests as datagrams after all (§18.1.1: retry over UDP).
 * - A request of a transaction that went over the stream (its CANCEL, the
 *   ACK of a failure answer) follows it there: the same Via, so the same
 *   transport (§9.1, §17.1.1.3).
 */

/** RFC 3261 §18.1.1: a request this much within the path MTU (1500) goes over a congestion-controlled transport instead. */
export const UDP_MTU_LIMIT = 1_300;
/** Transactions remembered as diverted: far more than one account has in flight. */
const REMEMBERED_BRANCHES = 256;
const BRANCH = /^(?:via|v)[ \t]*:[^\r\n]*?;[ \t]*branch=([^;,\s]+)/im;

/** A TCP stream to the server a large request is diverted to. */
export interface LargeRequestStream {
  connect(): Promise<void>;
  /** Sends a message in wire form; it sets the Via transport itself. False when the stream is not open. */
  sendWire(text: string): boolean;
  close(): Promise<void>;
}

export interface LargeRequestStreamDelegate {
  /** A message the server sent on the stream (in wire form). */
  onMessage(text: string): void;
  /** The stream is gone after it was open. */
  onClosed(): void;
}

export type OpenLargeRequestStream = (delegate: LargeRequestStreamDelegate) => LargeRequestStream;

export interface LargeRequestDiversionDelegate {
  /** A message that arrived on the stream (in wire form). */
  onMessage(text: string): void;
  /** Sends a request as a datagram after all (the stream could not be opened). */
  sendAsDatagram(wire: string): void;
}

export class LargeRequestDiversion {
  private stream: LargeRequestStream | undefined;
  /** Requests waiting while the stream opens; undefined when none is opening. */
  private waiting: string[] | undefined;
  private readonly divertedBranches = new Set<string>();
  private isClosed = false;

  constructor(
    private readonly open: OpenLargeRequestStream,
    private readonly delegate: LargeRequestDiversionDelegate,
  ) {}

  /** Whether a request in wire form goes over the stream: too large, or of a transaction that did. */
  shouldDivert(wire: string): boolean {
    if (wire.startsWith('SIP/2.0 ')) return false;
    if (Buffer.byteLength(wire) > UDP_MTU_LIMIT) return true;
    const branch = BRANCH.exec(wire)?.[1];
    return branch !== undefined && this.divertedBranches.has(branch);
  }

  send(wire: string): void {
    if (this.isClosed) return;
    this.remember(wire);
    if (this.waiting) {
      this.waiting.push(wire);
      return;
    }
    if (this.stream?.sendWire(wire)) return;
    this.openStream([wire]);
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.waiting = undefined;
    const stream = this.stream;
    this.stream = undefined;
    await stream?.close();
  }

  private openStream(waiting: string[]): void {
    this.waiting = waiting;
    const stream = this.open({
      onMessage: (text) => this.delegate.onMessage(text),
      onClosed: () => {
        if (this.stream === stream) this.stream = undefined;
      },
    });
    this.stream = stream;
    stream.connect().then(
      () => {
        const queued = this.waiting ?? [];
        this.waiting = undefined;
        if (this.isClosed) return void stream.close();
        const unsent = queued.filter((wire) => !stream.sendWire(wire));
        if (unsent.length > 0) this.fallBack(stream, unsent);
      },
      () => this.fallBack(stream, this.waiting ?? []),
    );
  }

  private fallBack(stream: LargeRequestStream, requests: readonly string[]): void {
    if (this.stream === stream) this.stream = undefined;
    this.waiting = undefined;
    if (this.isClosed) return;
    for (const wire of requests) {
      const branch = BRANCH.exec(wire)?.[1];
      if (branch) this.divertedBranches.delete(branch);
      this.delegate.sendAsDatagram(wire);
    }
  }

  private remember(wire: string): void {
    const branch = BRANCH.exec(wire)?.[1];
    if (!branch || this.divertedBranches.has(branch)) return;
    this.divertedBranches.add(branch);
    if (this.divertedBranches.size > REMEMBERED_BRANCHES) this.divertedBranches.delete(this.divertedBranches.values().next().value!);
  }
}
