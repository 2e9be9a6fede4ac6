/**
 * baresip's `ctrl_tcp` socket: long commands (those its modules register,
 * e.g. menu's `dial`, `hangup`, `hold`, `transfer`, `sndcode`) sent as
 * netstring-framed JSON, and the events it pushes (`CALL_INCOMING`,
 * `CALL_ESTABLISHED`, `CALL_CLOSED`, `CALL_DTMF_START`, …), each stamped
 * with the Node wall clock when it arrived.
 */
import { connect, type Socket } from 'node:net';
import { waitFor } from './wait-for';

export interface BaresipEvent {
  /** Date.now() when the event arrived. */
  readonly at: number;
  /** e.g. `CALL_ESTABLISHED`, `CALL_DTMF_START`. */
  readonly type: string;
  /** The event's parameter (a DTMF digit, a reason, a peer URI). */
  readonly param?: string;
  readonly peeruri?: string;
}

export interface BaresipControl {
  /** Every event so far, in arrival order. */
  readonly events: readonly BaresipEvent[];
  /** Runs a command; resolves with its reply, rejects when baresip refuses it. */
  command(name: string, params?: string): Promise<string>;
  /** The first event of `type` at index `from` or later that matches. */
  waitForEvent(type: string, options?: { from?: number; timeoutMs?: number; where?: (event: BaresipEvent) => boolean }): Promise<BaresipEvent>;
  close(): void;
}

interface Reply {
  readonly ok: boolean;
  readonly data: string;
}

export async function connectBaresipControl(port: number, describe: () => string): Promise<BaresipControl> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const opened = connect(port, '127.0.0.1', () => resolve(opened));
    opened.once('error', reject);
  });
  const events: BaresipEvent[] = [];
  const replies = new Map<string, Reply>();
  let buffer = Buffer.alloc(0);
  socket.on('data', (data: Buffer) => {
    buffer = Buffer.concat([buffer, data]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length + 1) return;
      const json = buffer.subarray(colon + 1, colon + 1 + length).toString();
      buffer = buffer.subarray(colon + 1 + length + 1);
      const message = JSON.parse(json) as { event?: boolean; response?: boolean; type?: string; param?: string; peeruri?: string; ok?: boolean; data?: string; token?: string };
      if (message.event) events.push({ at: Date.now(), type: String(message.type), param: message.param, peeruri: message.peeruri });
      else if (message.response && message.token !== undefined) replies.set(message.token, { ok: message.ok === true, data: message.data ?? '' });
    }
  });
  let token = 0;
  return {
    events,
    async command(name, params) {
      token += 1;
      const key = String(token);
      const json = JSON.stringify({ command: name, ...(params === undefined ? {} : { params }), token: key });
      socket.write(`${Buffer.byteLength(json)}:${json},`);
      const reply = await waitFor(`baresip to answer "${name}" (${describe()})`, () => replies.get(key), 5_000);
      if (!reply.ok) throw new Error(`baresip refused "${name} ${params ?? ''}": ${reply.data}\n${describe()}`);
      return reply.data;
    },
    waitForEvent(type, { from = 0, timeoutMs = 15_000, where = () => true } = {}) {
      return waitFor(`baresip event ${type} (events: ${events.slice(from).map((event) => event.type).join(', ')})\n${describe()}`, () => events.slice(from).find((event) => event.type === type && where(event)), timeoutMs);
    },
    close: () => socket.destroy(),
  };
}
