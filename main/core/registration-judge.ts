/**
 * Judges every final answer to main's REGISTERs: one verdict, as a code with
 * parameters, for each (the agent acts on it, the UI words it).
 *
 * @remarks
 * It only reads messages; it sends nothing and keeps no timers, so every
 * rule is unit-tested on SIP text. The rules:
 * - an answer whose Call-ID or CSeq is not a REGISTER we sent is `not-ours`
 *   (it proves nothing: the registration deadline keeps running); so is a
 *   later final answer to a REGISTER whose final answer was already judged:
 *   a request has one final answer (RFC 3261 §17.1.3), and a stray 401 or
 *   403 replayed after the 200 is not the server refusing the password;
 * - a 2xx is `registered` only when it lists our Contact (RFC 3261 §10.2.4);
 *   without it the server holds no binding for us: `contact-missing`;
 * - 401/407 is a `challenge` to answer, unless the request it answers
 *   already carried credentials for that very nonce (the same challenge twice
 *   in a row, without `stale=true`): then `wrong-credentials`. Servers expire
 *   nonces and answer a refresh with a fresh nonce and often no `stale=true`;
 *   that is a challenge, not a refusal. 403 is `wrong-credentials`;
 * - a server that keeps issuing fresh nonces yet never accepts (Asterisk does
 *   for a wrong password) is `wrong-credentials` once more than
 *   {@link MAX_ANSWERED_CHALLENGES} answers to its challenges in a row were
 *   challenged again: one more try covers a registrar pair without shared
 *   nonces, and two failed logins stay under the ban threshold of
 *   fail2ban-style guards (often 3 to 5). A refresh that reuses an earlier
 *   nonce answers no challenge, so its 401 is not counted (the nonce may
 *   simply have expired);
 * - 423 is `interval-too-brief` (sip.js retries with Min-Expires);
 * - 500/503 with Retry-After is `retry-after`; any other final is `rejected`.
 */
import type { ParsedResponse } from './sip-message';

/** Answers to a challenge that met a fresh-nonce challenge again, tolerated in a row; the next such is taken as a refused password. */
export const MAX_ANSWERED_CHALLENGES = 1;

const MAX_RETRY_AFTER_SEC = 3_600;
const MAX_REMEMBERED_REGISTERS = 16;

export type RegisterVerdict =
  | { readonly kind: 'provisional' }
  | { readonly kind: 'not-ours' }
  | { readonly kind: 'registered'; readonly expiresSec: number }
  | { readonly kind: 'unregistered' }
  | { readonly kind: 'contact-missing'; readonly statusCode: number }
  | { readonly kind: 'challenge'; readonly statusCode: number; readonly nonce: string | undefined; readonly realm: string | undefined }
  | { readonly kind: 'wrong-credentials'; readonly statusCode: number }
  | { readonly kind: 'interval-too-brief'; readonly minExpiresSec: number }
  | { readonly kind: 'retry-after'; readonly statusCode: number; readonly delaySec: number }
  | { readonly kind: 'rejected'; readonly statusCode: number };

interface SentRegister {
  readonly callId: string;
  readonly cseq: number;
  /** The nonce our Authorization answered; undefined for a request without credentials. */
  readonly answeredNonce: string | undefined;
  readonly isUnregister: boolean;
}

export interface RegistrationJudgeOptions {
  /** Something only our Contact contains (main's Via host is in our Contact URI). */
  readonly contactMarker: string;
  /** Expiry assumed when a 2xx grants our Contact without saying for how long. */
  readonly defaultExpiresSec: number;
}

export class RegistrationJudge {
  private readonly sent = new Map<number, SentRegister>();
  private answeredChallengesInARow = 0;
  /** The nonce of the last challenge judged, so an answer to it can be told from a refresh reusing an older one. */
  private lastChallengeNonce: string | undefined;

  constructor(private readonly options: RegistrationJudgeOptions) {}

  /** Records a REGISTER as it goes out (whoever built it: us, a refresh, sip.js answering a challenge). */
  noteSent(text: string): SentRegister | undefined {
    const cseq = Number(/^CSeq:\s*(\d+)\s+REGISTER/im.exec(text)?.[1]);
    const callId = /^(?:Call-ID|i)\s*:\s*(\S+)/im.exec(text)?.[1];
    if (!Number.isFinite(cseq) || !callId) return undefined;
    const authorization = /^(?:Authorization|Proxy-Authorization)\s*:(.*)$/im.exec(text)?.[1];
    const register: SentRegister = {
      callId,
      cseq,
      answeredNonce: authorization === undefined ? undefined : (paramOf(authorization, 'nonce') ?? ''),
      isUnregister: /^Expires:\s*0\s*$/im.test(text) || /^Contact:.*;\s*expires=0\b/im.test(text),
    };
    this.sent.set(cseq, register);
    if (this.sent.size > MAX_REMEMBERED_REGISTERS) this.sent.delete(this.sent.keys().next().value!);
    return register;
  }

  judge(response: ParsedResponse): RegisterVerdict {
    const statusCode = response.statusCode ?? 0;
    if (statusCode < 200) return { kind: 'provisional' };
    const sent = this.sent.get(response.cseq);
    if (!sent || sent.callId !== response.callId || response.method !== 'REGISTER') return { kind: 'not-ours' };
    this.sent.delete(response.cseq);
    if (statusCode < 300) return this.judgeSuccess(response, sent);
    if (statusCode === 401 || statusCode === 407) return this.judgeChallenge(response, sent, statusCode);
    this.forgetChallenges();
    if (statusCode === 403) return { kind: 'wrong-credentials', statusCode };
    if (statusCode === 423) {
      const minExpiresSec = Number.parseInt(response.getHeader('min-expires') ?? '', 10);
      return Number.isFinite(minExpiresSec) ? { kind: 'interval-too-brief', minExpiresSec } : { kind: 'rejected', statusCode };
    }
    const retryAfterSec = Number.parseInt(response.getHeader('retry-after') ?? '', 10);
    if (Number.isFinite(retryAfterSec) && retryAfterSec >= 0) {
      return { kind: 'retry-after', statusCode, delaySec: Math.min(retryAfterSec, MAX_RETRY_AFTER_SEC) };
    }
    return { kind: 'rejected', statusCode };
  }

  private judgeSuccess(response: ParsedResponse, sent: SentRegister): RegisterVerdict {
    this.forgetChallenges();
    if (sent.isUnregister) return { kind: 'unregistered' };
    const ours = contactsOf(response).find((contact) => contact.includes(this.options.contactMarker));
    if (ours === undefined) return { kind: 'contact-missing', statusCode: response.statusCode ?? 200 };
    const value = paramOf(ours, 'expires') ?? response.getHeader('expires');
    const seconds = value === undefined ? NaN : Number.parseInt(value, 10);
    const expiresSec = Number.isFinite(seconds) && seconds >= 0 ? seconds : this.options.defaultExpiresSec;
    // A 2xx that grants 0 s to a REGISTER that asked for a binding removed it: no binding.
    if (expiresSec === 0) return { kind: 'contact-missing', statusCode: response.statusCode ?? 200 };
    return { kind: 'registered', expiresSec };
  }

  private judgeChallenge(response: ParsedResponse, sent: SentRegister, statusCode: number): RegisterVerdict {
    const header = response.getHeader(statusCode === 401 ? 'www-authenticate' : 'proxy-authenticate') ?? '';
    const nonce = paramOf(header, 'nonce');
    const realm = paramOf(header, 'realm');
    const isStale = /\bstale\s*=\s*"?true/i.test(header);
    const answeredTheLastChallenge = sent.answeredNonce !== undefined && sent.answeredNonce === this.lastChallengeNonce;
    this.lastChallengeNonce = nonce;
    if (sent.answeredNonce === undefined) return { kind: 'challenge', statusCode, nonce, realm };
    if (!isStale && (nonce === undefined || nonce === sent.answeredNonce)) return this.refused(statusCode);
    if (!answeredTheLastChallenge) return { kind: 'challenge', statusCode, nonce, realm };
    this.answeredChallengesInARow += 1;
    if (this.answeredChallengesInARow > MAX_ANSWERED_CHALLENGES) return this.refused(statusCode);
    return { kind: 'challenge', statusCode, nonce, realm };
  }

  private refused(statusCode: number): RegisterVerdict {
    this.forgetChallenges();
    return { kind: 'wrong-credentials', statusCode };
  }

  private forgetChallenges(): void {
    this.answeredChallengesInARow = 0;
    this.lastChallengeNonce = undefined;
  }
}

/** A parameter of a header value (`name=value` or `name="value"`). */
function paramOf(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|[\\s,;])${name}\\s*=\\s*(?:"([^"]*)"|([^\\s,;]+))`, 'i').exec(header);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Every Contact value of a response, one per binding (headers may list several, comma-separated). */
function contactsOf(response: ParsedResponse): string[] {
  return response.getHeaders('contact').flatMap((header) => header.split(/,(?=\s*(?:"[^"]*"\s*)?<)/));
}
