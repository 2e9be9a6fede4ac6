/**
 * The contract over the browser host's WebSocket: what the preload provides
 * in Electron, for the renderer running in an ordinary browser.
 */
import type { EventChannelName, SoftphoneApi } from '../../app/ipc-contract';
import { buildSoftphoneApi, type HostFrame } from '../../app/softphone-api';

export function connectToBrowserHost(url = `ws://${location.host}/ipc`): Promise<SoftphoneApi> {
  const socket = new WebSocket(url);
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<EventChannelName, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(String(event.data)) as HostFrame;
    if (frame.kind === 'result') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else if (frame.kind === 'event') {
      for (const listener of listeners.get(frame.channel as EventChannelName) ?? []) listener(frame.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'host-gone', message: 'The softphone service stopped.' } });
    pending.clear();
  });

  const api = buildSoftphoneApi(
    (channel, payload) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ kind: 'invoke', id, channel, payload } satisfies HostFrame));
      }),
    (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  );
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(api), { once: true });
    socket.addEventListener('error', () => reject(new Error('Cannot reach the softphone service.')), { once: true });
  });
}
