/** Incoming calls: ringing, answering (after holding the line in use), declining, auto-answer and Replaces. */
import { Invitation, Inviter, SessionState } from 'sip.js';
import { describeError } from '../../app/result';
import { AUDIO_ONLY } from './audio-only';
import type { CallHolding } from './call-holding';
import type { CallLifecycle } from './call-lifecycle';
import { accountOf, type LiveCalls } from './live-calls';

export class IncomingCalls {
  constructor(
    private readonly calls: LiveCalls,
    private readonly lifecycle: CallLifecycle,
    private readonly holding: CallHolding,
  ) {}

  onInvite(accountId: string, invitation: Invitation): void {
    const identity = invitation.remoteIdentity;
    const id = crypto.randomUUID();
    this.lifecycle.track(invitation, {
      id,
      accountId,
      direction: 'incoming',
      remoteUri: identity.uri.toString(),
      remoteName: identity.displayName || undefined,
      phase: 'ringing',
    });
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
    if (!(call?.session instanceof Invitation) || call.view.phase !== 'ringing') return;
    // The reason first: reject() ends the session at once, which would otherwise read as missed.
    this.calls.fail(callId, { code: 'declined-here', message: 'Declined' });
    // 486 Busy Here: PBXs treat it like busy and can send the caller to voicemail.
    call.session.reject({ statusCode: 486 }).catch(() => undefined);
  }

  private async answerAfterHolding(callId: string): Promise<void> {
    const call = this.calls.get(callId);
    if (!(call?.session instanceof Invitation) || call.view.phase !== 'ringing') return;
    const session = call.session;
    // A call this one replaces (RFC 3891) ends by itself once this one is answered.
    const replaced = this.replacedCallId(session);
    const except = replaced ? [replaced] : [];
    if (!this.holding.hasOtherLinesToHold(call.view, except)) {
      // Nothing to wait for: the microphone and the answer start first, and
      // the panel's re-render follows instead of delaying them.
      this.accept(callId, session);
      if (this.calls.get(callId)?.view.phase === 'ringing') this.calls.update(callId, { phase: 'connecting' });
      return;
    }
    this.calls.update(callId, { phase: 'connecting' });
    await this.holding.holdOtherLines(call.view, except);
    if (session.state !== SessionState.Initial) return;
    this.accept(callId, session);
  }

  private accept(callId: string, session: Invitation): void {
    const picked = this.replacedRingingCall(session);
    if (picked) {
      // sip.js would send BYE on the replaced call once this one is answered,
      // which it refuses for a call still ringing (a rejected promise nobody
      // awaits); that call is cancelled here instead.
      Object.assign(session, { _replacee: undefined });
    }
    session
      .accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY })
      .then(() => {
        if (!picked) return;
        this.calls.fail(picked.id, { code: 'cancelled-here', message: 'Cancelled' });
        picked.inviter.cancel().catch(() => undefined);
      })
      .catch((error: unknown) => this.calls.fail(callId, { code: 'media', message: `Could not start audio: ${describeError(error)}` }));
  }

  /** Our outgoing call, still ringing, that the INVITE with Replaces picks up (RFC 3891 lets only its caller be asked). */
  private replacedRingingCall(invitation: Invitation): { id: string; inviter: Inviter } | undefined {
    const id = this.replacedCallId(invitation);
    const call = id ? this.calls.get(id) : undefined;
    return id && call?.session instanceof Inviter && call.session.state === SessionState.Establishing ? { id, inviter: call.session } : undefined;
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
