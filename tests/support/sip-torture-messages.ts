/**
 * The SIP torture test messages of RFC 4475, written out again and adapted
 * so that their Request-URI and To address the account under test (and each
 * has its own Via branch), with the answer a softphone that has no window
 * open must give to each.
 *
 * What the softphone must answer (RFC 3261 and RFC 4475's own advice):
 * - a well-formed new call rings (180) and, with no window to take it, ends
 *   in 480;
 * - a well-formed OPTIONS is answered 200 by main itself;
 * - a request it cannot deliver to a window gets 480 (or 405/501 for a
 *   method no one here implements); a request inside a dialog nobody knows
 *   gets 481;
 * - a malformed request gets 400 (505 for another SIP version), an unknown
 *   URI scheme 416, an unsupported Require 420, an unknown body 415;
 * - a response that matches no transaction is never answered.
 * Where RFC 4475 leaves the receiver a choice, each case lists every
 * acceptable final code.
 */

import { invalidCases } from './sip-torture/invalid';
import { semanticCases } from './sip-torture/semantic';
import { validCases } from './sip-torture/valid';

export type TortureCategory = 'valid' | 'invalid' | 'semantic' | 'backward-compatible';

export interface TortureCase {
  /** The name RFC 4475 gives the message (e.g. "wsinv"). */
  readonly name: string;
  readonly category: TortureCategory;
  readonly text: string;
  /** Acceptable final status codes of the answer; empty: it must not be answered. */
  readonly answers: readonly number[];
  /** A well-formed new call: the caller must hear ringing (180) before any final answer. */
  readonly rings?: boolean;
}

export interface TortureTarget {
  readonly user: string;
  readonly domain: string;
}

export function tortureCases(target: TortureTarget): TortureCase[] {
  return [...validCases(target), ...invalidCases(target), ...semanticCases(target)];
}
