/**
 * Carries an account's call traffic between the wire and the renderer's call
 * agent, and alone holds and answers what it cannot deliver.
 *
 * @remarks
 * The renderer may be missing (window closed, reloading, crashed) or not
 * ready yet (its sip.js agent still starting). Then:
 * - a new INVITE is held, answered 100 Trying at once and 180 Ringing while
 *   the window opens; each held call has its own deadline (a later INVITE
 *   never extends an earlier one's wait) and the list is bounded. It ends in
 *   exactly one of: delivered (the renderer rings it), 480 (no window in
 *   time, or too many held), 487 (the caller cancelled: 200 to the CANCEL);
 *   every one turned away is reported for the history;
 * - other out-of-dialog requests get 480, in-dialog ones for a dialog we
 *   cannot deliver to get 481; ACKs and responses are dropped (nobody is
 *   left to take them).
 *
 * The 180 carries a To-tag of ours; sip.js in the renderer will answer the
 * held INVITE with its own tag, so the caller sees a second early dialog,
 * as with a forked call (RFC 3261 §13.2.2.4): the 2xx decides which dialog
 * lives, and the early one we made ends there.
 *
 * When the renderer goes away, its sip.js sessions die with it: the relay
 * turns away each call still ringing there (480), sends each established
 * call's BYE (from its {@link DialogTable}), and reports every one, so none
 * is lost from history.
 */
import { callerIdentityOf } from '../../app/sip/caller-identity';
import { DialogTable, type CallEndedByMain, type MainHangUp } from './dialog-table';
import { buildStatelessResponse, isRequest, randomToken, summarizeSipMessage, type ParsedMessage, type ParsedRequest, type RelayedResponse } from './sip-message';

/** Why main answered a new call itself. */
export type TurnedAwayReason = 'dnd' | 'no-window' | 'cancelled';

export interface TurnedAwayCall {
  readonly callId: string;
  readonly remoteUri: string;
  readonly remoteName?: string;
  readonly at: number;
}

export interface RendererRelayDelegate {
  /** To the renderer's call agent (only called while it is attached). */
  deliver(text: string): void;
  /** To the wire; false when the connection is down. */
  send(text: string): boolean;
  /** main answered statelessly on `callId`: requests on it (the ACK) are main's for a while. */
  onRepliedStatelessly(callId: string): void;
  /** A new call is held and no renderer is attached: open the window. */
  onRendererNeeded(): void;
  /** Decides whether a new call is turned away at once (Do not disturb); returns the status code. */
  rejectIncomingCall?(): number | undefined;
  onCallTurnedAway?(call: TurnedAwayCall, reason: TurnedAwayReason, statusCode: number): void;
  onCallEndedByMain?(call: CallEndedByMain): void;
}

export interface RendererRelayOptions {
  /** How long one held call waits for a renderer before 480. */
  readonly waitMs: number;
  /** Calls held at once; one more is turned away at once. */
  readonly maxHeld?: number;
  /** Via host main uses for the BYEs it sends itself. */
  readonly mainViaHost: string;
  readonly now?: () => number;
}

interface HeldCall {
  readonly text: string;
  readonly request: ParsedRequest;
  readonly timer: NodeJS.Timeout;
  /** The tag of our 180; the final answer, if ours, carries it too. */
  readonly toTag: string;
}

const DEFAULT_MAX_HELD = 8;
/** Bounds the memory of calls ringing in the renderer (its own limit on lines is far lower). */
const RINGING_LIMIT = 64;
const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  200: 'OK',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  603: 'Decline',
};

export class RendererRelay {
  private isAttached = false;
  private readonly held = new Map<string, HeldCall>();
  /** New calls delivered to the renderer and not yet answered finally by it, with the To-tag of its 1xx. */
  private readonly ringing = new Map<string, { request: ParsedRequest; toTag?: string }>();
  private readonly dialogs: DialogTable;
  private readonly now: () => number;

  constructor(
    private readonly options: RendererRelayOptions,
    private readonly delegate: RendererRelayDelegate,
  ) {
    this.now = options.now ?? Date.now;
    this.dialogs = new DialogTable(this.now);
  }

  get heldCount(): number {
    return this.held.size;
  }

  /** The renderer's call agent is ready: held calls go to it, in the order they came. */
  attach(): void {
    this.isAttached = true;
    const held = [...this.held.values()];
    this.held.clear();
    for (const call of held) {
      clearTimeout(call.timer);
      this.deliver(call.text, call.request);
    }
  }

  /** The renderer is gone: calls ringing there are turned away (480), established ones ended (BYE); all are reported. */
  detach(): void {
    this.isAttached = false;
    for (const { request, toTag } of this.ringing.values()) this.replyAndReport(request, 480, 'no-window', toTag);
    this.ringing.clear();
    for (const { bye, call } of this.dialogs.takeByes(this.options.mainViaHost)) {
      this.delegate.send(bye);
      this.delegate.onCallEndedByMain?.(call);
    }
  }

  /**
   * main ends an established call itself (its media died): a BYE to the far
   * end, and one to the renderer that names why, so the call ends there in
   * words. False when the call is not established (its next answer fails instead).
   */
  endCall(callId: string, hangUp: MainHangUp): boolean {
    const byes = this.dialogs.takeCall(callId, this.options.mainViaHost, hangUp);
    if (!byes) return false;
    this.delegate.send(byes.toFarEnd);
    if (this.isAttached) this.delegate.deliver(byes.toRenderer);
    return true;
  }

  /** Turns away every held call (the account stops). */
  stop(): void {
    for (const call of [...this.held.values()]) this.turnAway(call, 480, 'no-window');
  }

  /** A message the router gave to the renderer. */
  fromWire(text: string, message: ParsedMessage | RelayedResponse): void {
    if (!isRequest(message)) {
      if (this.isAttached) this.deliver(text, message);
      return;
    }
    if (message.method === 'INVITE' && !message.toTag) {
      this.onNewCall(text, message);
      return;
    }
    if (this.isAttached) {
      this.deliver(text, message);
      return;
    }
    this.answerUndeliverable(message);
  }

  /** A message the renderer sent out through main (built by its sip.js, so summarized rather than parsed). */
  fromRenderer(text: string): void {
    const message = summarizeSipMessage(text);
    if (!message) return;
    this.dialogs.onSentByRenderer(message);
    if (message.isRequest || message.method !== 'INVITE') return;
    const call = this.ringing.get(message.callId);
    if (!call || call.request.cseq !== message.cseq) return;
    if ((message.statusCode ?? 0) >= 200) this.ringing.delete(message.callId);
    else if (message.toTag) call.toTag = message.toTag;
  }

  private onNewCall(text: string, invite: ParsedRequest): void {
    const rejectWith = this.delegate.rejectIncomingCall?.();
    if (rejectWith) {
      this.replyAndReport(invite, rejectWith, 'dnd');
      return;
    }
    if (this.isAttached) {
      this.deliver(text, invite);
      return;
    }
    if (this.held.has(invite.callId)) return; // a retransmission of a call we already hold
    if (this.held.size >= (this.options.maxHeld ?? DEFAULT_MAX_HELD)) {
      this.replyAndReport(invite, 480, 'no-window');
      return;
    }
    const timer = setTimeout(() => {
      const call = this.held.get(invite.callId);
      if (call) this.turnAway(call, 480, 'no-window');
    }, this.options.waitMs);
    const toTag = randomToken();
    this.held.set(invite.callId, { text, request: invite, timer, toTag });
    this.reply(invite, 100, null);
    this.reply(invite, 180, toTag);
    this.delegate.onRendererNeeded();
  }

  private answerUndeliverable(request: ParsedRequest): void {
    if (request.method === 'ACK') return;
    if (request.method === 'CANCEL') {
      const call = this.held.get(request.callId);
      if (call && call.request.cseq === request.cseq) {
        this.reply(request, 200);
        this.turnAway(call, 487, 'cancelled');
      } else {
        this.reply(request, 481);
      }
      return;
    }
    this.reply(request, request.toTag ? 481 : 480);
  }

  private turnAway(call: HeldCall, statusCode: number, reason: TurnedAwayReason): void {
    clearTimeout(call.timer);
    this.held.delete(call.request.callId);
    this.replyAndReport(call.request, statusCode, reason, call.toTag);
  }

  private replyAndReport(invite: ParsedRequest, statusCode: number, reason: TurnedAwayReason, toTag?: string): void {
    this.reply(invite, statusCode, toTag);
    this.delegate.onCallTurnedAway?.(
      { callId: invite.callId, ...callerIdentityOf(invite), at: this.now() },
      reason,
      statusCode,
    );
  }

  private reply(request: ParsedRequest, statusCode: number, toTag?: string | null): void {
    // Final replies are sent without a transaction: their ACK (for an INVITE) comes back to main.
    if (statusCode >= 200) this.delegate.onRepliedStatelessly(request.callId);
    this.delegate.send(buildStatelessResponse(request, statusCode, REASONS[statusCode] ?? 'Unavailable', { toTag }));
  }

  private deliver(text: string, message: ParsedMessage | RelayedResponse): void {
    if (!isRequest(message)) {
      this.delegate.deliver(text);
      this.dialogs.onDeliveredToRenderer(message);
      return;
    }
    this.dialogs.onDeliveredToRenderer(message);
    if (message.method === 'INVITE' && !message.toTag) {
      this.ringing.set(message.callId, { request: message });
      if (this.ringing.size > RINGING_LIMIT) this.ringing.delete(this.ringing.keys().next().value!);
    } else if (message.method === 'CANCEL') {
      // The renderer answers the CANCEL and the INVITE (487) itself.
      this.ringing.delete(message.callId);
    }
    this.delegate.deliver(text);
  }
}
