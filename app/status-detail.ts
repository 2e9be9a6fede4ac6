/**
 * Why an account cannot receive calls, or could not register: a code with
 * the values its words need. main puts one on the account's status and on
 * each period of the reachability log; the UI and the tray word it
 * ({@link statusDetailWords} in app/status-words.ts). main's logs say the
 * same in English on their own; no sentence travels as data.
 */
import { z } from 'zod';

/** Who ended a connection that was open. */
export type ClosedBy = 'server' | 'network' | 'us';

export type StatusDetail =
  /** An open connection ended; `closeCode` is the WebSocket close code when there was one. */
  | { readonly code: 'connection-lost'; readonly params: { readonly closedBy: ClosedBy; readonly closeCode?: number } }
  /** The server stopped answering keep-alives. */
  | { readonly code: 'dead-peer' }
  /** Our reachability probe did not come back: calls do not reach this device. */
  | { readonly code: 'probe-lost' }
  /** No acceptable final answer to a REGISTER in time. */
  | { readonly code: 'registration-unanswered' }
  | { readonly code: 'wrong-credentials'; readonly params?: { readonly statusCode: number } }
  /** A 2xx to our REGISTER that does not list our Contact (no binding for us). */
  | { readonly code: 'contact-missing'; readonly params: { readonly statusCode: number } }
  /** Any other final answer to a REGISTER; `reason` is the server's reason phrase. */
  | { readonly code: 'server-rejected'; readonly params: { readonly statusCode: number; readonly reason: string } }
  /** The connection could not be made; `error` is the system's error code (ECONNREFUSED …). */
  | { readonly code: 'cannot-reach'; readonly params: { readonly error: string } }
  | { readonly code: 'upgrade-refused'; readonly params: { readonly httpStatus: number } }
  | { readonly code: 'tls-failed'; readonly params: { readonly error: string } }
  /** The server's TLS certificate failed the check (`error`: why); the user may trust this one (`fingerprint`: its SHA-256). */
  | { readonly code: 'tls-untrusted'; readonly params: { readonly error: string; readonly fingerprint: string } }
  /** The server's name is not in DNS. */
  | { readonly code: 'host-unknown'; readonly params: { readonly host: string } }
  /** Nothing listens at that port over that transport (the server refused). */
  | { readonly code: 'port-refused'; readonly params: { readonly server: string; readonly transport: string } }
  | { readonly code: 'connect-timed-out' }
  | { readonly code: 'handshake-closed' }
  /** The softphone itself was not running (it stopped without a clean exit). */
  | { readonly code: 'app-not-running' }
  /** The saved password cannot be decrypted on this system. */
  | { readonly code: 'password-unreadable' }
  | { readonly code: 'unknown' };

export type StatusDetailCode = StatusDetail['code'];

const STATUS_DETAIL_CODES = [
  'connection-lost',
  'dead-peer',
  'probe-lost',
  'registration-unanswered',
  'wrong-credentials',
  'contact-missing',
  'server-rejected',
  'cannot-reach',
  'upgrade-refused',
  'tls-failed',
  'tls-untrusted',
  'host-unknown',
  'port-refused',
  'connect-timed-out',
  'handshake-closed',
  'app-not-running',
  'password-unreadable',
  'unknown',
] as const satisfies readonly StatusDetailCode[];

/** Reads a stored detail: a known code, params as plain values (the words fall back when one is missing). */
export const StatusDetailSchema = z
  .object({
    code: z.enum(STATUS_DETAIL_CODES),
    params: z.record(z.string(), z.union([z.string().max(200), z.number()])).optional(),
  })
  .transform((detail) => detail as StatusDetail);
