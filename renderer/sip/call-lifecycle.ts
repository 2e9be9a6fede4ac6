/**
 * A call from its first session to its record in the history: follows each
 * sip.js session's state and in-dialog requests, plays the other side's
 * audio, and when the call ends records it and lets it leave the panel.
 */
import { SessionState, Web, type Referral, type Session } from 'sip.js';
import type { SoftphoneApi } from '../../app/ipc-contract';
import { fail, type ActionResult } from '../../app/result';
import { mediaRelayFailureOf } from '../../app/sip-failure';
import type { CallView } from '../store/call-view';
import type { CallMediaController } from './call-media';
import type { CallRecorder } from './call-recorder';
import type { Conference } from './conference';
import type { LiveCall, LiveCalls, NewCallView } from './live-calls';
import type { RemoteAudio } from './remote-audio';

export interface CallLifecycleParts {
  readonly api: SoftphoneApi;
  readonly calls: LiveCalls;
  readonly media: CallMediaController;
  readonly remoteAudio: RemoteAudio;
  readonly recorder: CallRecorder;
  /** The "record every call" setting, read as each call connects. */
  readonly shouldRecordEveryCall: () => boolean;
  readonly conference: Conference;
  /** The other side asks this call to be transferred (REFER). */
  readonly onReferred: (call: LiveCall, referral: Referral) => void;
  /** Ended calls leave the panel after this long (failed ones stay a little longer to be read). */
  readonly endedCallLingerMs?: number;
}

export class CallLifecycle {
  constructor(private readonly parts: CallLifecycleParts) {}

  /** Starts following a new call's session, and showing it unless `isShown` is false (see {@link LiveCalls.add}). */
  track(session: Session, start: NewCallView, isShown = true): void {
    this.parts.calls.add(session, start, isShown);
    this.watch(start.id, session);
  }

  /** Follows `session` as the session of call `callId` (also a redirect's new one). */
  watch(callId: string, session: Session): void {
    const { calls, media } = this.parts;
    session.delegate = {
      // A re-INVITE from the other side: sendonly or inactive means it holds us.
      onInvite: (request) => calls.update(callId, { isHeldRemotely: /^a=(sendonly|inactive)\s*$/m.test(request.body) }),
      onInfo: (info) => media.onInfo(callId, info),
      // main hangs up itself when a call's audio relay died; its BYE names why, so the call ends in those words.
      onBye: (bye) => {
        const failure = mediaRelayFailureOf(bye.request.getHeader('Warning'));
        if (failure) calls.fail(callId, failure);
        void bye.accept().catch(() => undefined);
      },
      onRefer: (referral) => {
        const call = calls.get(callId);
        if (call) this.parts.onReferred(call, referral);
        else void referral.reject().catch(() => undefined);
      },
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        calls.update(callId, { phase: 'connected', answeredAt: Date.now() });
        this.playRemoteAudio(callId, session);
        media.onConnected(callId, session);
        if (this.parts.shouldRecordEveryCall()) void this.startRecording(callId);
      } else if (state === SessionState.Terminated) {
        // After the current task: sip.js reports a 3xx's Terminated before
        // onRedirect, which may hand the call to a new session.
        queueMicrotask(() => {
          if (calls.get(callId)?.session === session) this.onTerminated(callId);
        });
      }
    });
  }

  playRemoteAudio(callId: string, session: Session): void {
    const handler = session.sessionDescriptionHandler;
    if (handler instanceof Web.SessionDescriptionHandler) this.parts.remoteAudio.attach(callId, handler.remoteMediaStream);
  }

  /** Records the call's two directions, mixed, until it ends or {@link stopRecording}. */
  startRecording(callId: string): Promise<ActionResult> {
    const call = this.parts.calls.get(callId);
    if (!call || call.view.phase !== 'connected') return Promise.resolve(fail('recording-not-connected', 'Only a connected call can be recorded.'));
    const { accountId, remoteUri } = call.view;
    return this.parts.recorder.start({ callId, accountId, remoteUri, session: call.session });
  }

  stopRecording(callId: string): Promise<ActionResult> {
    return this.parts.recorder.stop(callId);
  }

  dismiss(callId: string): void {
    const call = this.parts.calls.get(callId);
    if (call && call.view.phase !== 'ended') return;
    this.parts.calls.remove(callId);
    this.parts.media.forget(callId);
  }

  private onTerminated(callId: string): void {
    const { calls, media } = this.parts;
    const call = calls.get(callId);
    if (!call) return;
    void this.parts.recorder.stop(callId);
    this.parts.remoteAudio.detach(callId);
    media.onEnded(callId);
    this.parts.conference.onEnded(callId);
    if (call.view.phase !== 'ended') {
      const isMissed = call.view.direction === 'incoming' && call.view.answeredAt === undefined;
      calls.update(callId, {
        phase: 'ended',
        endedAt: Date.now(),
        failure: call.view.failure ?? (isMissed ? { code: 'missed', message: 'Missed call' } : undefined),
      });
    }
    // sip.js reports Terminated before it hands us the final response, so
    // the reason may still arrive in this task: decide how long to linger after it.
    setTimeout(() => {
      const ended = calls.get(callId)?.view;
      if (ended) this.recordInHistory(ended);
      const linger = this.parts.endedCallLingerMs ?? (ended?.failure ? 8_000 : 2_500);
      setTimeout(() => this.dismiss(callId), linger);
    }, 0);
  }

  private recordInHistory(view: CallView): void {
    void this.parts.api.recordCall({
      id: view.id,
      accountId: view.accountId,
      direction: view.direction,
      remoteUri: view.remoteUri,
      remoteName: view.remoteName,
      startedAt: view.startedAt,
      answeredAt: view.answeredAt,
      endedAt: view.endedAt ?? Date.now(),
      outcome: view.failure?.code,
      outcomeText: view.failure?.message,
      outcomeStatusCode: view.failure?.statusCode,
      quality: this.parts.media.qualitySummary(view.id),
    });
  }
}
