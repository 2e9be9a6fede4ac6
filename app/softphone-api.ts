/**
 * Builds the renderer-facing {@link SoftphoneApi} from the contract, given
 * how to invoke a channel and how to subscribe to an event. The preload does
 * it over Electron IPC, the browser bridge over a WebSocket: one method per
 * message either way, never a generic `send(channel, …)` for the page.
 */
import {
  eventChannelNames,
  eventContract,
  invokeChannelNames,
  invokeContract,
  type EventChannelName,
  type InvokeChannelName,
  type SoftphoneApi,
} from './ipc-contract';

export type InvokeFunction = (channel: InvokeChannelName, payload: unknown) => Promise<unknown>;
export type SubscribeFunction = (channel: EventChannelName, listener: (payload: unknown) => void) => () => void;

export function buildSoftphoneApi(invoke: InvokeFunction, subscribe: SubscribeFunction): SoftphoneApi {
  const api: Record<string, unknown> = {};
  for (const channel of invokeChannelNames) {
    api[invokeContract[channel].method] = (payload?: unknown) => invoke(channel, payload);
  }
  for (const channel of eventChannelNames) {
    api[eventContract[channel].method] = (listener: (payload: unknown) => void) => subscribe(channel, listener);
  }
  return Object.freeze(api) as SoftphoneApi;
}

/** Messages of the browser host's WebSocket protocol (the same contract, framed as JSON). */
export type HostFrame =
  | { readonly kind: 'invoke'; readonly id: number; readonly channel: string; readonly payload: unknown }
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'event'; readonly channel: string; readonly payload: unknown };
