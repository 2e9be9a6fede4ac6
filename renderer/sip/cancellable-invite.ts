/**
 * Sending an outgoing call's INVITE so that it can be cancelled at any
 * moment and the callee then stops ringing.
 */
import { SessionState, type Core, type Inviter } from 'sip.js';

/**
 * The one way an outgoing call that is not answered yet is ended from this
 * side (Hang up, Esc, its microphone failing, a pickup taking its place).
 *
 * sip.js alone sends a CANCEL only for the INVITE transaction in progress
 * when asked: one asked for while a 401/407 challenge is on its way is
 * lost, and the INVITE it then sends again with credentials rings on at the
 * callee. Here a CANCEL goes for whichever INVITE (CSeq) the server shows
 * is in progress, and, as RFC 3261 §9.1 asks, only once a provisional
 * response for it came: asked for before one, it waits for it. Answered
 * instead (2xx), the call is acknowledged and hung up; a failure response
 * ends the call with nothing more sent.
 */
export class CancellableInvite {
  private request: Core.OutgoingInviteRequest | undefined;
  /** CSeq of the INVITE the server last answered with a provisional response. */
  private proceedingCseq: number | undefined;
  /** CSeq of the INVITE a CANCEL went (or sip.js will send one) for. */
  private cancelledCseq: number | undefined;
  private isRequested = false;

  constructor(private readonly inviter: Inviter) {}

  /**
   * Sends the INVITE. `delegate` hears its responses, except the progress
   * (1xx other than 100) of a call being cancelled.
   */
  async send(delegate: Core.OutgoingRequestDelegate): Promise<void> {
    this.request = await this.inviter.invite({
      requestDelegate: {
        ...delegate,
        onTrying: (response) => {
          this.onProvisional(response);
          delegate.onTrying?.(response);
        },
        onProgress: (response) => {
          if (this.onProvisional(response)) delegate.onProgress?.(response);
        },
      },
    });
  }

  /** A 1xx to our INVITE (sip.js re-sends the same request, with a new CSeq, after a challenge): a CANCEL waiting for it leaves now. */
  private onProvisional(response: Core.IncomingResponse): boolean {
    this.proceedingCseq = response.message.cseq;
    if (this.isRequested) this.cancelProceedingInvite();
    return !this.isRequested;
  }

  cancel(): void {
    if (this.isRequested) return;
    this.isRequested = true;
    if (this.inviter.state === SessionState.Initial) {
      // The INVITE has not left: sip.js then ends the session and sends nothing.
      this.inviter.cancel().catch(() => undefined);
      return;
    }
    if (this.proceedingCseq !== undefined && this.proceedingCseq === this.request?.message.cseq) {
      this.cancelProceedingInvite();
      return;
    }
    // Answered with no provisional response first: there is nothing to cancel, so the call is hung up.
    this.inviter.stateChange.addListener((state) => state === SessionState.Established && void this.inviter.bye().catch(() => undefined));
  }

  private cancelProceedingInvite(): void {
    if (this.proceedingCseq === undefined || this.proceedingCseq === this.cancelledCseq) return;
    const isFirstCancel = this.cancelledCseq === undefined;
    this.cancelledCseq = this.proceedingCseq;
    // The first goes through sip.js, which then also ACKs and BYEs a 2xx that crosses the CANCEL; the session
    // is Terminating after it, so a later INVITE (sent again after a challenge) is cancelled on the request itself.
    // sip.js passes on only 100 Trying once it cancelled: that later INVITE is seen in progress by its 100.
    if (isFirstCancel) this.inviter.cancel().catch(() => undefined);
    else this.request?.cancel();
  }
}
