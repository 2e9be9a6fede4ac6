/**
 * How the idle section talks to its child process (idle/idle-child.ts):
 * the configuration as JSON in argv[2]; commands as lines on its stdin
 * (`sample`, `collect`, `stop`); answers as JSON lines on its stdout behind a prefix,
 * so nothing else the child might print is mistaken for one.
 */

export interface ChildConfig {
  /** ws://… of the server (or of a meter in front of it). */
  readonly serverUrl: string;
  readonly domain: string;
  readonly accounts: readonly { readonly user: string; readonly password: string }[];
  readonly registerTimeoutMs: number;
  /** Lines the first account watches (busy lamps); `ready` waits until every lamp has a state from the server. */
  readonly watchedLines?: readonly string[];
}

/** `collect`: a full garbage collection (the child runs with --expose-gc), then the heap left. */
export type ChildCommand = 'sample' | 'collect' | 'stop';

export type ChildMessage =
  | { readonly type: 'ready'; readonly registered: number; readonly registerMs: number }
  | {
      readonly type: 'sample';
      /** SoftphoneCore.keepAliveBytesSent: every keep-alive byte sent so far, over all accounts. */
      readonly keepAliveBytes: number;
      readonly registered: number;
      readonly heapUsedMb: number;
    }
  | { readonly type: 'collected'; readonly heapUsedMb: number }
  | { readonly type: 'stopped' }
  | { readonly type: 'error'; readonly message: string };

export const MESSAGE_PREFIX = '@bench-idle ';
