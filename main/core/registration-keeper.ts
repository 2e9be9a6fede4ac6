/**
 * Keeps main's REGISTERs going on the account's current epoch: sends them,
 * holds the deadline, and turns the judge's verdict on each answer into one
 * of four outcomes for the account agent.
 *
 * @remarks
 * Every REGISTER that asks for a binding must get an acceptable final
 * answer within `timeoutMs`, or the epoch is broken (whatever else arrived:
 * an answer we did not send, a 2xx for another CSeq). Only one REGISTER is
 * in flight at a time: the pending one's answer, or its deadline, decides.
 *
 * sip.js answers one challenge per request by itself. When it would not
 * (its own answer was challenged again with a fresh nonce) nothing goes
 * out, so the keeper starts a fresh REGISTER, which answers it.
 *
 * It owns no retry loop: it reports, and the agent (the one owner) retries.
 */
import { RegistererState } from 'sip.js';
import { describeError } from '../../app/result';
import type { FailureReason } from '../../app/registration-status';
import type { StatusDetail } from '../../app/status-detail';
import type { AccountEpoch } from './account-epoch';
import type { Logger } from './logger';
import type { ParsedResponse } from './sip-message';

export interface RegistrationKeeperDelegate {
  /** Whether the agent still runs and `epoch` is the one it follows. */
  isCurrent(epoch: AccountEpoch): boolean;
  /** The registrar granted our Contact for `expiresSec`. */
  onRegistered(expiresSec: number): void;
  /** The server refused the credentials: retrying cannot help until the user edits the account. */
  onRefused(statusCode: number): void;
  /** Rejected for now: register again on this epoch after `delayMs` (undefined: the agent's backoff). */
  onRetryLater(delayMs: number | undefined, reason: FailureReason, detail: StatusDetail, statusCode: number): void;
  /** This epoch cannot register (no acceptable answer in time, no binding for us): replace it. */
  onEpochBroken(reason: FailureReason, detail: StatusDetail, statusCode?: number): void;
}

export class RegistrationKeeper {
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly delegate: RegistrationKeeperDelegate,
    private readonly log: Logger,
    private readonly accountId: string,
  ) {}

  /** Registers now on `epoch`, unless a REGISTER is already waiting for its answer. */
  register(epoch: AccountEpoch): void {
    if (this.deadline) return;
    this.send(epoch);
  }

  /** main's agent is sending a REGISTER (ours, a refresh, sip.js's answer to a challenge). */
  onSent(epoch: AccountEpoch, text: string): void {
    if (!epoch.noteRegisterSent(text)) return; // an un-REGISTER on the way out
    this.stop();
    this.deadline = setTimeout(() => {
      this.deadline = undefined;
      if (!this.delegate.isCurrent(epoch)) return;
      this.log.warn(`account ${this.accountId}: REGISTER got no acceptable answer in time; replacing the connection`);
      epoch.connection.avoidCurrentServer?.();
      this.delegate.onEpochBroken('timed-out', { code: 'registration-unanswered' });
    }, this.timeoutMs);
  }

  /** Acts on the judge's verdict on a final answer to one of main's REGISTERs. */
  onResponse(epoch: AccountEpoch, response: ParsedResponse): void {
    const verdict = epoch.judge.judge(response);
    if (!this.delegate.isCurrent(epoch)) return;
    const answer = `${response.statusCode ?? ''} ${response.reasonPhrase ?? ''}`.trim();
    switch (verdict.kind) {
      case 'provisional':
      case 'unregistered':
      case 'interval-too-brief': // sip.js retries at once with Min-Expires; the deadline keeps running
        return;
      case 'not-ours':
        this.log.warn(`account ${this.accountId}: ignored a REGISTER answer for a request we did not send or that was answered already (CSeq ${response.cseq})`);
        return;
      case 'registered':
        this.stop();
        this.delegate.onRegistered(verdict.expiresSec);
        return;
      case 'challenge':
        this.answerChallenge(epoch, response.cseq);
        return;
      case 'wrong-credentials':
        this.stop();
        this.log.warn(`account ${this.accountId}: registration refused (${answer}); not retrying`);
        this.delegate.onRefused(verdict.statusCode);
        return;
      case 'contact-missing':
        // No binding for us, and sip.js may now wait for ever: the epoch must go.
        this.stop();
        this.log.warn(`account ${this.accountId}: the registrar's ${verdict.statusCode} did not list our Contact; starting over`);
        this.delegate.onEpochBroken('server-rejected', { code: 'contact-missing', params: { statusCode: verdict.statusCode } }, verdict.statusCode);
        return;
      case 'retry-after':
      case 'rejected': {
        this.stop();
        const delayMs = verdict.kind === 'retry-after' ? verdict.delaySec * 1000 : undefined;
        this.log.warn(`account ${this.accountId}: registration rejected (${answer})`);
        const detail: StatusDetail = { code: 'server-rejected', params: { statusCode: verdict.statusCode, reason: (response.reasonPhrase ?? '').slice(0, 100) } };
        // RFC 3263 §4.3: a 503 sends us to the provider's next server, when it has one.
        if (verdict.statusCode === 503 && epoch.connection.avoidCurrentServer?.()) return this.delegate.onEpochBroken('server-rejected', detail, verdict.statusCode);
        this.delegate.onRetryLater(delayMs, verdict.statusCode === 408 ? 'timed-out' : 'server-rejected', detail, verdict.statusCode);
        return;
      }
    }
  }

  /**
   * sip.js gave up on a refresh by itself (e.g. its transaction timed out):
   * nothing else will re-register, so we do, unless an answer is still due.
   */
  onRegistererState(epoch: AccountEpoch, state: RegistererState, shouldResume: () => boolean): void {
    if (state !== RegistererState.Unregistered || !this.delegate.isCurrent(epoch)) return;
    setTimeout(() => {
      if (this.delegate.isCurrent(epoch) && shouldResume()) this.register(epoch);
    }, 0);
  }

  /** Stops waiting for an answer (the epoch ends, or a verdict arrived). */
  stop(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
  }

  private answerChallenge(epoch: AccountEpoch, challengedCSeq: number): void {
    setTimeout(() => {
      if (!this.delegate.isCurrent(epoch) || epoch.lastRegisterCSeq > challengedCSeq) return;
      this.log.info(`account ${this.accountId}: answering a new challenge with a fresh REGISTER`);
      this.send(epoch);
    }, 0);
  }

  private send(epoch: AccountEpoch): void {
    epoch.registerer.register().catch((error: unknown) => this.log.warn(`account ${this.accountId}: REGISTER not sent: ${describeError(error)}`));
  }
}
