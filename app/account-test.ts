import type { StatusDetail } from './status-detail';

/** The outcome of "Test account": one registration on a temporary connection. */
export type AccountTestOutcome =
  | 'registered'
  | 'wrong-credentials'
  /** Nothing answered at the server URL (refused, no route, connect timeout). */
  | 'server-unreachable'
  /** Something answered, but not SIP over WebSocket (upgrade refused, or no SIP answer). */
  | 'not-sip-server'
  | 'tls-error'
  /** A SIP server answered the REGISTER with an error other than credentials. */
  | 'server-rejected';

export interface AccountTestResult {
  readonly outcome: AccountTestOutcome;
  readonly serverUrl: string;
  /** SIP or HTTP status code, when the server gave one. */
  readonly statusCode?: number;
  /** Why, when it failed: the same detail an account's status carries. */
  readonly detail?: StatusDetail;
}
