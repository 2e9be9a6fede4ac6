/** Incoming calls: ringing (with the answer prepared), answering (after holding the line in use), declining, auto-answer and Replaces. */
import { Invitation, Inviter, SessionState, type SessionDescriptionHandler } from 'sip.js';
import { describeError } from '../../app/result';
import { callerIdentityOf } from '../../app/sip/caller-identity';
import { AnswerReadyHandler } from './answer-ready-handler';
import { AUDIO_ONLY } from './audio-only';
import { followLateMicrophone } from './late-microphone';
import type { CallHolding } from './call-holding';
import type { CallLifecycle } from './call-lifecycle';
import { accountOf, type LiveCalls } from './live-calls';

/** The latest "Connecting" shows after Answer when the 200 OK is slow to go (an answer that waits for the microphone). */
const CONNECTING_WORDS_LATEST_MS = 150;

export class IncomingCalls {
  constructor(
    private readonly calls: LiveCalls,
    private readonly lifecycle: CallLifecycle,
    private readonly holding: CallHolding,
    /** Cancels one of our outgoing calls (OutgoingCalls.cancel). */
    private readonly cancelOutgoing: (callId: string) => void,
  ) {}

  onInvite(accountId: string, invitation: Invitation): void {
    const id = crypto.randomUUID();
    this.lifecycle.track(invitation, { id, accountId, direction: 'incoming', ...callerIdentityOf(invitation.request), phase: 'ringing' });
    prepareAnswer(invitation);
    // An INVITE with Replaces that sip.js matched to one of our calls: the
    // same conversation moving to a new party (attended transfer, or a
    // pickup of our call still ringing elsewhere), so it is answered at once
    // and the call it replaces ends.
    if (this.replacedCallId(invitation)) this.answer(id);
    else this.scheduleAutoAnswer(accountId, id);
  }

  /** Holds the line in use first (call waiting), then answers. */
  answer(callId: string): void {
    void this.answerAfterHolding(callId);
  }

  decline(callId: string): void {
    const call = this.calls.get(callId);
    // Not once Answer was clicked: the panel may still say ringing until the 200 OK is out.
    if (!(call?.session instanceof Invitation) || call.view.phase !== 'ringing' || call.session.state !== SessionState.Initial) return;
    // The reason first: reject() ends the session at once, which would otherwise read as missed.
    this.calls.fail(callId, { code: 'declined-here', message: 'Declined' });
    // 486 Busy Here: PBXs treat it like busy and can send the caller to voicemail.
    call.session.reject({ statusCode: 486 }).catch(() => undefined);
  }

  private async answerAfterHolding(callId: string): Promise<void> {
    const call = this.calls.get(callId);
    if (!(call?.session instanceof Invitation) || call.view.phase !== 'ringing' || call.session.state !== SessionState.Initial) return;
    const session = call.session;
    // A call this one replaces (RFC 3891) ends by itself once this one is answered.
    const replaced = this.replacedCallId(session);
    const except = replaced ? [replaced] : [];
    if (!this.holding.hasOtherLinesToHold(call.view, except)) {
      // Nothing to wait for. The panel says "Connecting" once the 200 OK is
      // out: its re-render (the first one after start takes a while) would
      // otherwise run between the answer's steps and hold the 200 back. An
      // answer that waits for the microphone shows it after a moment anyway.
      const showConnecting = () => {
        clearTimeout(timer);
        if (this.calls.get(callId)?.view.phase === 'ringing') this.calls.update(callId, { phase: 'connecting' });
      };
      const timer = setTimeout(showConnecting, CONNECTING_WORDS_LATEST_MS);
      void this.accept(callId, session).finally(showConnecting);
      return;
    }
    this.calls.update(callId, { phase: 'connecting' });
    await this.holding.holdOtherLines(call.view, except);
    if (session.state !== SessionState.Initial) return;
    void this.accept(callId, session);
  }

  /** Resolves once the 200 OK is sent, or the call failed. */
  private accept(callId: string, session: Invitation): Promise<void> {
    const failed = (error: unknown) => this.calls.fail(callId, { code: 'media', message: `Could not start audio: ${describeError(error)}` });
    const pickedCallId = this.replacedRingingCall(session);
    if (pickedCallId) {
      // sip.js would send BYE on the replaced call once this one is answered,
      // which it refuses for a call still ringing (a rejected promise nobody
      // awaits); that call is cancelled here instead.
      Object.assign(session, { _replacee: undefined });
    }
    return session.accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY }).then(() => {
      void followLateMicrophone(callId, session, { calls: this.calls, holding: this.holding }, (error) => {
        failed(error);
        if (session.state === SessionState.Established) session.bye().catch(() => undefined);
      });
      if (!pickedCallId) return;
      this.calls.fail(pickedCallId, { code: 'cancelled-here', message: 'Cancelled' });
      this.cancelOutgoing(pickedCallId);
    }, failed);
  }

  /** The id of our outgoing call, still ringing, that the INVITE with Replaces picks up (RFC 3891 lets only its caller be asked). */
  private replacedRingingCall(invitation: Invitation): string | undefined {
    const id = this.replacedCallId(invitation);
    const call = id ? this.calls.get(id) : undefined;
    return id && call?.session instanceof Inviter && call.session.state === SessionState.Establishing ? id : undefined;
  }

  /** Our call that an incoming INVITE with Replaces takes over, if sip.js matched one. */
  private replacedCallId(invitation: Invitation): string | undefined {
    const replaces = invitation.request.parseHeader('replaces') as { call_id?: string } | undefined;
    if (!replaces?.call_id) return undefined;
    for (const { session, view } of this.calls.all()) {
      if (session === invitation || !(session.state === SessionState.Established || session.state === SessionState.Establishing)) continue;
      // A ringing outgoing call has no confirmed dialog yet: sip.js matched its early one by the INVITE's Call-ID.
      if ((session.dialog?.callId ?? (session instanceof Inviter ? session.request.callId : undefined)) === replaces.call_id) return view.id;
    }
    return undefined;
  }

  /** Per-account auto-answer, but never while another call is going on. */
  private scheduleAutoAnswer(accountId: string, callId: string): void {
    const delaySec = accountOf(accountId)?.autoAnswerDelaySec;
    if (delaySec === undefined) return;
    const isBusy = this.calls.views().some((view) => view.id !== callId && view.phase !== 'ended');
    if (isBusy) return;
    setTimeout(() => this.answer(callId), delaySec * 1000);
  }
}

/**
 * Starts preparing the answer of a ringing call whose INVITE carries an SDP
 * offer (see {@link AnswerReadyHandler}); answering waits for it. sip.js
 * makes a session's handler when the session first needs one and closes it
 * when the session ends; asking for it now only moves the first moment.
 */
function prepareAnswer(invitation: Invitation): void {
  const request = invitation.request;
  const offer = request.body;
  if (!offer || !/^application\/sdp\b/i.test(request.getHeader('content-type') ?? '')) return;
  const session = invitation as unknown as { setupSessionDescriptionHandler?: () => SessionDescriptionHandler };
  const handler = session.setupSessionDescriptionHandler?.();
  if (!(handler instanceof AnswerReadyHandler)) return;
  handler.prepareAnswer(offer, AUDIO_ONLY).catch((error: unknown) => {
    if (invitation.state === SessionState.Initial) console.warn(`answer not prepared while ringing: ${describeError(error)}`);
  });
}
