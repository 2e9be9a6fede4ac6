/**
 * What the user sees about each account, in one union.
 *
 * ```
 *  offline ──enable──► connecting ──ws open──► registering ──200──► registered
 *     ▲                    │  ▲                     │                 │    ▲
 *     │                 error │ backoff timer     401/403   lost, dead │    │ 200 again
 *  disable                 ▼  │                     ▼       peer, probe▼    │
 *     └──────────── failed(reason, nextRetryAt?)           unreachable(since, nextRetryAt?)
 * ```
 * `failed` with `wrong-credentials` has no `nextRetryAt`: we never hammer a
 * server with a password it already refused; editing the account retries.
 */
import type { StatusDetail } from './status-detail';

export type FailureReason =
  | 'wrong-credentials'
  | 'server-rejected'
  | 'server-unreachable'
  | 'tls-error'
  | 'timed-out';

export type RegistrationStatus =
  | { readonly kind: 'offline' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'registering' }
  | { readonly kind: 'registered'; readonly expiresAt: number }
  | {
      /** Was registered, and calls may now be missed: connection lost, refresh failed, or the reachability probe did not come back. */
      readonly kind: 'unreachable';
      readonly since: number;
      /** Why, as a code the UI words. */
      readonly detail?: StatusDetail;
      readonly nextRetryAt?: number;
    }
  | {
      readonly kind: 'failed';
      readonly reason: FailureReason;
      /** SIP status code when the server answered, e.g. 403. */
      readonly statusCode?: number;
      /** Why, as a code the UI words. */
      readonly detail?: StatusDetail;
      /** Epoch ms of the next automatic attempt; absent when we will not retry by ourselves. */
      readonly nextRetryAt?: number;
    };

export type StatusColor = 'green' | 'amber' | 'red' | 'grey';

export function statusColor(status: RegistrationStatus, enabled = true): StatusColor {
  if (!enabled) return 'grey';
  switch (status.kind) {
    case 'registered':
      return 'green';
    case 'connecting':
    case 'registering':
      return 'amber';
    case 'unreachable':
    case 'failed':
      return 'red';
    case 'offline':
      return 'grey';
  }
}

/** Whether an incoming call can reach this account right now. */
export function isReachable(status: RegistrationStatus): boolean {
  return status.kind === 'registered';
}
