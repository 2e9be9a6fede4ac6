import type { CallDirection } from '../../app/call-state';
import type { CallFailure } from '../../app/sip-failure';
import type { ActionResult } from '../../app/result';
import type { TransferState } from '../../app/sipfrag';

/**
 * ```
 * outgoing: calling ──180/183──► ringing ──200──► connected ──BYE──► ended
 * incoming: ringing ──answer──► connecting ──ACK/media──► connected ──► ended
 * any state ──failure / cancel / decline──► ended (with failure)
 * ```
 */
export type CallViewPhase = 'calling' | 'ringing' | 'connecting' | 'connected' | 'ended';

export interface CallView {
  readonly id: string;
  readonly accountId: string;
  readonly direction: CallDirection;
  readonly remoteUri: string;
  readonly remoteName?: string;
  readonly phase: CallViewPhase;
  /** Outgoing: the far end sent 183 with SDP and we are playing its audio instead of our ringback. */
  readonly hasEarlyMedia: boolean;
  readonly startedAt: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly isMuted: boolean;
  /** We put the call on hold (re-INVITE with sendonly/inactive). */
  readonly isOnHold: boolean;
  /** The other side put us on hold (its offer was sendonly/inactive). */
  readonly isHeldRemotely: boolean;
  /** Why the call ended, when it did not end normally. */
  readonly failure?: CallFailure;
  /** Calls merged into one local conference share this id. */
  readonly conferenceId?: string;
  /** A transfer of this call under way or just finished. */
  readonly transfer?: TransferProgress;
}

export interface TransferProgress {
  /** `transferor`: we asked the other side to call `target`; `transferee`: the other side asked us to. */
  readonly role: 'transferor' | 'transferee';
  readonly target: string;
  readonly state: TransferState;
  /** Why it failed, when it did. */
  readonly failure?: CallFailure;
}

/** What the UI can do with calls; the sip.js engine implements it. */
export interface CallControls {
  call(accountId: string, target: string): Promise<ActionResult>;
  answer(callId: string): void;
  decline(callId: string): void;
  /** Hangs up a connected call, or cancels one that is still ringing. */
  hangUp(callId: string): void;
  setMuted(callId: string, isMuted: boolean): void;
  /** Resuming a call first holds every other line (a conference counts as one line). */
  setOnHold(callId: string, isOnHold: boolean): void;
  /** Blind transfer: asks the other side to call `target` instead (REFER). */
  transfer(callId: string, target: string): Promise<ActionResult>;
  /** Attended transfer: connects the other side of `callId` with the other side of `consultCallId`. */
  completeTransfer(callId: string, consultCallId: string): void;
  /** Joins two connected calls into a local three-way conference. */
  merge(callId: string, otherCallId: string): Promise<ActionResult>;
  /** Leaves `callId` as the one active call and holds the other party of its conference. */
  unmerge(callId: string): void;
  /** Starts or stops recording a connected call (both directions mixed, written by main). */
  setRecording(callId: string, isRecording: boolean): Promise<ActionResult>;
  /** Sends DTMF digits in a connected call, by the account's DTMF method. */
  sendDtmf(callId: string, digits: string): void;
  /** Removes an ended call from the panel. */
  dismiss(callId: string): void;
}

/** An incoming call that rings here and waits for Answer or Decline. */
export function isRingingIncoming(call: Pick<CallView, 'direction' | 'phase'>): boolean {
  return call.direction === 'incoming' && call.phase === 'ringing';
}
