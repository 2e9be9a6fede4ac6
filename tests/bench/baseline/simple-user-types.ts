/** The API the SimpleUser bench page exposes as `window.benchSimpleUser`, for `page.evaluate`. */
import type { PeerAccount } from './peer-types';

export type SimpleUserEventKind = 'connected' | 'disconnected' | 'registered' | 'unregistered';

export interface SimpleUserEvent {
  readonly kind: SimpleUserEventKind;
  /** Epoch ms (Date.now() on the page: the same wall clock as the bench process). */
  readonly at: number;
}

export interface BenchSimpleUserApi {
  /**
   * A fresh sip.js `Web.SimpleUser` with its default reconnection options:
   * connects and registers; resolves once registered.
   */
  start(account: PeerAccount): Promise<void>;
  /** When it was first registered at or after `since` (epoch ms), waiting at most `timeoutMs`; null if not. */
  registeredAfter(since: number, timeoutMs: number): Promise<number | null>;
  isRegistered(): boolean;
  /** Everything its delegate reported so far. */
  events(): SimpleUserEvent[];
  /** Unregisters (if it can) and disconnects; the instance is then discarded. */
  stop(): Promise<void>;
}

declare global {
  interface Window {
    benchSimpleUser?: BenchSimpleUserApi;
  }
}
