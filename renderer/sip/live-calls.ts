/**
 * The calls this window runs: each sip.js session with the view the UI
 * shows of it. Every change to a view goes through here, which writes the
 * store's `calls` slice and keeps the ringtone and ringback right.
 */
import type { Session } from 'sip.js';
import type { CallFailure } from '../../app/sip-failure';
import { TonePlayer } from '../audio/tone-player';
import { isRingingIncoming, type CallView } from '../store/call-view';
import { isCallWaiting, isSameLine } from '../store/lines';
import { useSoftphoneStore } from '../store/softphone-store';

export interface LiveCall {
  /** Replaced when a 3xx redirects the call to a new INVITE. */
  session: Session;
  view: CallView;
}

/** A new call's view before anything happened to it. */
export type NewCallView = Pick<CallView, 'id' | 'accountId' | 'direction' | 'remoteUri' | 'remoteName' | 'phase'>;

export class LiveCalls {
  private readonly calls = new Map<string, LiveCall>();
  private readonly tones = new TonePlayer();

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  all(): LiveCall[] {
    return [...this.calls.values()];
  }

  views(): CallView[] {
    return this.all().map((call) => call.view);
  }

  /** The calls on the same line as `call`: its conference, or itself. */
  lineOf(call: LiveCall): LiveCall[] {
    return this.all().filter((other) => isSameLine(other.view, call.view));
  }

  /**
   * A new call. With `isShown` false it stays out of the store (and so off
   * the screen) until {@link show} or its first change: an outgoing call's
   * INVITE leaves first, and the call panel renders after it. Rendering it
   * first held the INVITE back by a React render and a layout (30-40 ms for
   * the first call after start, measured in `npm run bench`; see
   * outgoing-calls.ts for when it is shown).
   */
  add(session: Session, start: NewCallView, isShown = true): LiveCall {
    const call: LiveCall = {
      session,
      view: { hasEarlyMedia: false, startedAt: Date.now(), isMuted: false, isOnHold: false, isHeldRemotely: false, ...start },
    };
    this.calls.set(call.view.id, call);
    if (isShown) this.show(call.view.id);
    return call;
  }

  /** Puts a call added unshown in the store (again: a shown call is left as it is). */
  show(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    const shown = useSoftphoneStore.getState().calls.find((view) => view.id === callId);
    if (shown !== call.view) useSoftphoneStore.getState().upsertCall(call.view);
    this.refreshTones();
  }

  update(callId: string, change: Partial<CallView>): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.view = { ...call.view, ...change };
    useSoftphoneStore.getState().upsertCall(call.view);
    this.refreshTones();
  }

  /** Ends a call with a reason; a reason that arrives just after the session ended still fills in. */
  fail(callId: string, failure: CallFailure): void {
    const call = this.calls.get(callId);
    if (!call || call.view.failure) return;
    this.update(callId, { phase: 'ended', endedAt: call.view.endedAt ?? Date.now(), failure });
  }

  remove(callId: string): void {
    this.calls.delete(callId);
    useSoftphoneStore.getState().removeCall(callId);
  }

  /**
   * Ringtone while anything rings here (a short call-waiting beep instead
   * during another call); ringback while an outgoing call rings without early media.
   */
  private refreshTones(): void {
    const views = this.views();
    const isRingingHere = views.some(isRingingIncoming);
    const isRingingThere = views.some((view) => view.direction === 'outgoing' && view.phase === 'ringing' && !view.hasEarlyMedia);
    if (isCallWaiting(views)) this.tones.play('call-waiting');
    else if (isRingingHere) this.tones.play('ringtone');
    else if (isRingingThere) this.tones.play('ringback');
    else this.tones.stop();
  }
}

/** The account as main's latest snapshot has it. */
export function accountOf(accountId: string) {
  return useSoftphoneStore.getState().snapshot?.accounts.find((candidate) => candidate.id === accountId);
}
