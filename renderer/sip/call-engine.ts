/**
 * Runs calls with sip.js in the renderer and writes the `calls` slice of the
 * store. It only wires handlers with one domain each:
 * - {@link CallAgents}: a call-only UserAgent per account (the one place
 *   that builds its options is user-agent-options.ts) and digest keys;
 * - {@link OutgoingCalls} and {@link IncomingCalls}: placing and taking calls;
 * - {@link CallHolding}: hold, resume, mute, re-INVITE after a reconnect;
 * - {@link Conference} and {@link CallTransfers}: merging and transferring;
 * - {@link CallLifecycle}: each session's state until the call is in history;
 * - {@link CallMediaController}: progress words, redirects, DTMF, quality;
 * - {@link CallRecorder}: the call's two directions mixed into a recording;
 * - {@link CallWarmUp}: what the first call would wait for, done while idle;
 * - {@link PreparedOutgoingLegs}: an outgoing leg kept ready, so the INVITE leaves at once.
 */
import { Invitation, Inviter, SessionState } from 'sip.js';
import type { AccountView } from '../../app/account';
import type { SoftphoneApi } from '../../app/ipc-contract';
import type { RingingDialog } from '../../app/sip/dialog-info';
import { planPickup } from '../../app/sip/pickup';
import type { ActionResult } from '../../app/result';
import type { CallControls } from '../store/call-view';
import { audioDevices } from '../audio/audio-devices';
import { deviceIdOf } from '../audio/device-choice';
import { CallAgents } from './call-agents';
import { CallHolding } from './call-holding';
import { CallLifecycle } from './call-lifecycle';
import { CallMediaController } from './call-media';
import { CallRecorder } from './call-recorder';
import { CallTransfers } from './call-transfer';
import { CallWarmUp } from './call-warm-up';
import { Conference } from './conference';
import { ConferenceMixer } from './conference-mixer';
import { IncomingCalls } from './incoming-calls';
import { accountOf, LiveCalls } from './live-calls';
import { OutgoingCalls } from './outgoing-calls';
import { PreparedOutgoingLegs } from './prepared-outgoing-leg';
import { RemoteAudio } from './remote-audio';
import { useSoftphoneStore } from '../store/softphone-store';

export interface CallEngineOptions {
  /** STUN/TURN servers, asked for at the start of every call (the setting may change). */
  readonly iceServers?: () => RTCIceServer[];
  /** Ended calls leave the panel after this long (failed ones stay a little longer to be read). */
  readonly endedCallLingerMs?: number;
}

export class CallEngine implements CallControls {
  private readonly calls = new LiveCalls();
  private readonly media = new CallMediaController();
  private readonly agents: CallAgents;
  private readonly holding: CallHolding;
  private readonly conference: Conference;
  private readonly lifecycle: CallLifecycle;
  private readonly outgoing: OutgoingCalls;
  private readonly incoming: IncomingCalls;
  private readonly transfers: CallTransfers;
  private readonly warmUp: CallWarmUp;
  private readonly preparedLegs: PreparedOutgoingLegs;

  constructor(api: SoftphoneApi, options: CallEngineOptions = {}) {
    const iceServers = () => options.iceServers?.() ?? [];
    this.preparedLegs = new PreparedOutgoingLegs({ iceServers, certificates: () => this.warmUp.takeCertificates() });
    this.warmUp = new CallWarmUp({ toneSinkIds: toneOutputsInUse, prepareOutgoingLeg: () => this.preparedLegs.start() });
    const mixer = new ConferenceMixer();
    this.holding = new CallHolding(this.calls, mixer);
    this.conference = new Conference(this.calls, mixer, this.holding);
    this.lifecycle = new CallLifecycle({
      api,
      calls: this.calls,
      media: this.media,
      remoteAudio: new RemoteAudio(),
      recorder: new CallRecorder(api),
      shouldRecordEveryCall: () => useSoftphoneStore.getState().snapshot?.settings.recordEveryCall === true,
      conference: this.conference,
      onReferred: (call, referral) => this.transfers.onReferred(call, referral),
      endedCallLingerMs: options.endedCallLingerMs,
    });
    this.agents = new CallAgents(api, {
      onInvite: (accountId, invitation) => this.incoming.onInvite(accountId, invitation),
      onReconnected: (accountId) => this.holding.refreshAfterReconnect(accountId),
      iceServers,
      certificates: () => this.warmUp.takeCertificates(),
      takePreparedLeg: () => this.preparedLegs.take(),
      onAgentReady: () => this.warmUp.start(),
    });
    this.outgoing = new OutgoingCalls(this.calls, this.agents, this.lifecycle, this.holding, this.media);
    this.incoming = new IncomingCalls(this.calls, this.lifecycle, this.holding, (id) => this.outgoing.cancel(id));
    this.transfers = new CallTransfers(this.calls, this.outgoing);
  }

  /** Starts a call agent for each enabled account and stops those of removed ones. */
  syncAccounts(accounts: readonly AccountView[]): void {
    this.agents.sync(accounts);
  }

  call(accountId: string, target: string): Promise<ActionResult> {
    return this.outgoing.call(accountId, target);
  }

  pickUp(accountId: string, line: string, ringing: RingingDialog | undefined): Promise<ActionResult> {
    const plan = planPickup(line, ringing, accountOf(accountId)?.pickupPrefix);
    return plan.kind === 'replaces' ? this.outgoing.call(accountId, plan.target, [`Replaces: ${plan.replaces}`]) : this.outgoing.call(accountId, plan.target);
  }

  answer(callId: string): void {
    this.incoming.answer(callId);
  }

  decline(callId: string): void {
    this.incoming.decline(callId);
  }

  hangUp(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    const { session } = call;
    if (session instanceof Invitation && session.state === SessionState.Initial) {
      this.incoming.decline(callId);
    } else if (session instanceof Inviter && session.state !== SessionState.Established) {
      this.calls.fail(callId, { code: 'cancelled-here', message: 'Cancelled' });
      this.outgoing.cancel(callId);
    } else if (session.state === SessionState.Established) {
      session.bye().catch(() => undefined);
    }
  }

  setMuted(callId: string, isMuted: boolean): void {
    this.holding.setMuted(callId, isMuted);
  }

  setOnHold(callId: string, isOnHold: boolean): void {
    this.holding.setOnHold(callId, isOnHold);
  }

  async transfer(callId: string, target: string): Promise<ActionResult> {
    return this.transfers.transfer(callId, target);
  }

  completeTransfer(callId: string, consultCallId: string): void {
    this.transfers.completeTransfer(callId, consultCallId);
  }

  merge(callId: string, otherCallId: string): Promise<ActionResult> {
    return this.conference.merge(callId, otherCallId);
  }

  unmerge(callId: string): void {
    this.conference.unmerge(callId);
  }

  setRecording(callId: string, isRecording: boolean): Promise<ActionResult> {
    return isRecording ? this.lifecycle.startRecording(callId) : this.lifecycle.stopRecording(callId);
  }

  sendDtmf(callId: string, digits: string): void {
    const call = this.calls.get(callId);
    if (!call || call.view.phase !== 'connected') return;
    this.media.sendDtmf(callId, digits, accountOf(call.view.accountId)?.dtmfMethod);
  }

  dismiss(callId: string): void {
    this.lifecycle.dismiss(callId);
  }
}

/** Where ringtones and ringback play as the devices are chosen now. */
function toneOutputsInUse(): string[] {
  const routing = audioDevices.current;
  return [...routing.ringerSinkIds, deviceIdOf(routing.speaker)];
}
