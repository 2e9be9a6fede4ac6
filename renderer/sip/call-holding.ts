/**
 * In-call actions on the media path: hold and resume (one line at a time),
 * mute through the track state, and the re-INVITE that moves established
 * calls onto a new connection after a reconnect.
 */
import { SessionState, Web, type Session } from 'sip.js';
import { describeError } from '../../app/result';
import type { CallView } from '../store/call-view';
import { linesToHold } from '../store/lines';
import { AUDIO_ONLY } from './audio-only';
import type { ConferenceMixer } from './conference-mixer';
import type { LiveCall, LiveCalls } from './live-calls';

export class CallHolding {
  constructor(
    private readonly calls: LiveCalls,
    private readonly mixer: ConferenceMixer,
  ) {}

  /**
   * Hold: a re-INVITE offering sendonly (RFC 3264 §8.4), and our own tracks
   * stopped both ways. The same options answer re-INVITEs the other side
   * sends while we hold, so its offer cannot take us off hold.
   */
  setOnHold(callId: string, isOnHold: boolean): void {
    const call = this.calls.get(callId);
    if (!call) return;
    if (isOnHold) {
      // A call in a conference is held with all of it (which then stays merged).
      void Promise.all(this.calls.lineOf(call).map((member) => this.hold(member, true)));
      return;
    }
    // Switching lines: the one in use goes on hold before this one (or its whole conference) resumes.
    void this.holdOtherLines(call.view).then(() => Promise.all(this.calls.lineOf(call).map((member) => this.hold(member, false))));
  }

  /** Holds every line but the one of `keep` (and the calls in `except`). */
  /** Whether {@link holdOtherLines} would have anything to hold. */
  hasOtherLinesToHold(keep: CallView | undefined, except: readonly string[] = []): boolean {
    return linesToHold(this.calls.views(), keep, except).length > 0;
  }

  async holdOtherLines(keep: CallView | undefined, except: readonly string[] = []): Promise<void> {
    const toHold = linesToHold(this.calls.views(), keep, except);
    await Promise.all(toHold.map((view) => this.calls.get(view.id)).map((live) => (live ? this.hold(live, true) : undefined)));
  }

  /**
   * Resolves true once the other side accepted the hold/resume re-INVITE.
   * A 481 says the far end has no such dialog any more (RFC 3261 §12.2.1.2):
   * the call ends. A timeout (408) only fails the hold: the audio does not
   * pass through the proxy that stopped answering, so the call may still
   * carry it (see DESIGN, "What is not failed over").
   */
  hold(call: LiveCall, isOnHold: boolean): Promise<boolean> {
    if (call.session.state !== SessionState.Established || call.view.isOnHold === isOnHold) return Promise.resolve(true);
    const options: Web.SessionDescriptionHandlerOptions = { ...AUDIO_ONLY, hold: isOnHold };
    call.session.sessionDescriptionHandlerOptionsReInvite = options;
    return new Promise((resolve) => {
      call.session
        .invite({
          sessionDescriptionHandlerOptions: options,
          requestDelegate: {
            onAccept: () => {
              this.calls.update(call.view.id, { isOnHold });
              this.applyTrackState(call);
              resolve(true);
            },
            onReject: (response) => {
              if (response.message.statusCode === 481) void call.session.bye().catch(() => undefined);
              resolve(false);
            },
          },
        })
        .catch((error: unknown) => {
          console.warn(`hold failed: ${describeError(error)}`);
          resolve(false);
        });
    });
  }

  /** In a conference there is one microphone: muting any of its calls mutes them all. */
  setMuted(callId: string, isMuted: boolean): void {
    const call = this.calls.get(callId);
    if (!call) return;
    for (const member of this.calls.lineOf(call)) {
      this.calls.update(member.view.id, { isMuted });
      this.applyTrackState(member);
    }
  }

  /** Sends and receives audio as the call's hold, mute and conference state say. */
  applyTrackState(call: LiveCall): void {
    const handler = call.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler) || !handler.peerConnection) return;
    if (this.mixer.has(call.view.id)) {
      // The sender carries the mix: mute the microphone inside it instead, so the others still hear each other.
      for (const track of handler.localMediaStream.getAudioTracks()) track.enabled = !call.view.isMuted;
      handler.enableSenderTracks(!call.view.isOnHold);
    } else {
      handler.enableSenderTracks(!call.view.isOnHold && !call.view.isMuted);
    }
    handler.enableReceiverTracks(!call.view.isOnHold);
  }

  /**
   * The server reaches us in a call through the connection the call started
   * on (Kamailio's `alias`); after a reconnect that route is stale. A
   * re-INVITE from the new connection updates it (and restarts ICE, since the
   * network may have changed too).
   */
  refreshAfterReconnect(accountId: string): void {
    for (const { session, view } of this.calls.all()) {
      if (view.accountId === accountId && session.state === SessionState.Established) reinvite(session, 0);
    }
  }
}

function reinvite(session: Session, attempt: number): void {
  const options: Web.SessionDescriptionHandlerOptions = {
    ...AUDIO_ONLY,
    ...(session.sessionDescriptionHandlerOptionsReInvite as Web.SessionDescriptionHandlerOptions),
    offerOptions: { iceRestart: true },
  };
  session
    .invite({
      sessionDescriptionHandlerOptions: options,
      requestDelegate: {
        onReject: (response) => {
          // 491: both sides re-INVITEd at once; retry after a random pause (RFC 3261 §14.1).
          if (response.message.statusCode === 491 && attempt < 3 && session.state === SessionState.Established) {
            setTimeout(() => reinvite(session, attempt + 1), 500 + Math.random() * 2_000);
          }
        },
      },
    })
    .catch((error: unknown) => console.warn(`re-INVITE after reconnect failed: ${describeError(error)}`));
}
