/**
 * Runs calls with sip.js in the renderer: one call-only UserAgent per
 * account (it never REGISTERs; main does that on the same connection), WebRTC
 * audio, ringtone and ringback. Writes the `calls` slice of the store.
 */
import {
  Invitation,
  Inviter,
  SessionState,
  SIPExtension,
  UserAgent,
  Web,
  type Referral,
  type Session,
  type UserAgentOptions,
} from 'sip.js';
import type { Core } from 'sip.js';
import { DEFAULT_DTMF_METHOD, type AccountView } from '../../app/account';
import type { CallAgentConfig, SoftphoneApi } from '../../app/ipc-contract';
import { parseDialTarget } from '../../app/sip-address';
import { describeError, fail, type ActionResult } from '../../app/result';
import { callProgressFromResponse } from '../../app/call-progress';
import { callFailureFromStatus, type CallFailure } from '../../app/sip-failure';
import { PipeTransport } from '../../app/sip/pipe-transport';
import { audioDevices } from '../audio/audio-devices';
import { TonePlayer } from '../audio/tone-player';
import { isRingingIncoming, type CallControls, type CallView, type TransferProgress } from '../store/call-view';
import { isCallWaiting, isSameLine, linesToHold } from '../store/lines';
import { useSoftphoneStore } from '../store/softphone-store';
import { CallMediaController } from './call-media';
import { sendRefer } from './call-transfer';
import { ConferenceMixer, type ConferenceLeg } from './conference-mixer';
import { RemoteAudio } from './remote-audio';
import { SipHub } from './sip-hub';

interface AccountAgent {
  readonly config: CallAgentConfig;
  readonly userAgent: UserAgent;
}

interface LiveCall {
  /** Replaced when a 3xx redirects the call to a new INVITE. */
  session: Session;
  view: CallView;
}

export interface CallEngineOptions {
  /** STUN/TURN servers, asked for at the start of every call (the setting may change). */
  readonly iceServers?: () => RTCIceServer[];
  /** Ended calls leave the panel after this long (failed ones stay a little longer to be read). */
  readonly endedCallLingerMs?: number;
}

// A getter, so each offer or answer captures the microphone chosen at that moment.
const AUDIO_ONLY = {
  get constraints() {
    return { audio: audioDevices.microphoneConstraint(), video: false };
  },
};
/** A fresh object each time: sip.js's `makeInviter` writes its Replaces and Referred-By headers into the options it is given. */
const outgoingOptions = () => ({ earlyMedia: true, sessionDescriptionHandlerOptions: AUDIO_ONLY });

export class CallEngine implements CallControls {
  private readonly hub: SipHub;
  private readonly agents = new Map<string, AccountAgent>();
  private readonly starting = new Map<string, Promise<AccountAgent | undefined>>();
  private readonly calls = new Map<string, LiveCall>();
  private readonly tones = new TonePlayer();
  private readonly remoteAudio = new RemoteAudio();
  private readonly mixer = new ConferenceMixer();
  private readonly media = new CallMediaController();

  constructor(
    private readonly api: SoftphoneApi,
    private readonly options: CallEngineOptions = {},
  ) {
    this.hub = new SipHub(api);
    this.hub.onReconnected = (accountId) => this.refreshCallsAfterReconnect(accountId);
  }

  /** Starts a call agent for each enabled account and stops those of removed ones. */
  syncAccounts(accounts: readonly AccountView[]): void {
    const wanted = new Set(accounts.filter((account) => account.enabled && account.status.kind !== 'offline').map((account) => account.id));
    for (const id of wanted) if (!this.agents.has(id) && !this.starting.has(id)) void this.startAgent(id);
    for (const id of this.agents.keys()) if (!wanted.has(id)) void this.stopAgent(id);
  }

  async call(accountId: string, target: string): Promise<ActionResult> {
    const account = accountOf(accountId);
    if (!account) return fail('call-no-account', 'Choose an account to call from.');
    const domain = account.sipAddress.split('@')[1] ?? '';
    const uriText = parseDialTarget(target, domain);
    if (!uriText.ok) return uriText;
    const agent = this.agents.get(accountId) ?? (await this.starting.get(accountId)) ?? (await this.startAgent(accountId));
    if (!agent) return fail('call-not-connected', 'This account is not connected yet. Check its status at the top.');
    const uri = UserAgent.makeURI(uriText.value);
    if (!uri) return fail('call-address', `"${target}" is not a valid address.`);

    // "Add call": the line in use waits on hold while the new one is placed.
    await this.holdOtherLines(undefined);
    this.startOutgoing(new Inviter(agent.userAgent, uri, outgoingOptions()), accountId, uriText.value);
    return { ok: true };
  }

  private startOutgoing(inviter: Inviter, accountId: string, remoteUri: string, remoteName?: string): void {
    const id = crypto.randomUUID();
    this.track(inviter, {
      id,
      accountId,
      direction: 'outgoing',
      remoteUri,
      remoteName,
      phase: 'calling',
      hasEarlyMedia: false,
      startedAt: Date.now(),
      isMuted: false,
      isOnHold: false,
      isHeldRemotely: false,
    });
    this.sendInvite(id, inviter);
  }

  private sendInvite(callId: string, inviter: Inviter): void {
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => this.onProgress(callId, response),
          onRedirect: (response) => this.followRedirect(callId, response),
          onReject: (response) => this.fail(callId, callFailureFromStatus(response.message.statusCode ?? 0, response.message.reasonPhrase)),
        },
      })
      .catch((error: unknown) => this.fail(callId, { code: 'failed', message: describeError(error) }));
  }

  /** A 3xx: the same call goes on with a new INVITE to the first Contact (see redirect.ts). */
  private followRedirect(callId: string, response: Core.IncomingResponse): void {
    const call = this.calls.get(callId);
    const agent = call && this.agents.get(call.view.accountId);
    if (!call || !agent) return;
    const decision = this.media.redirect(callId, call.view.remoteUri, response);
    if (!decision.ok) return this.fail(callId, decision.failure);
    const inviter = new Inviter(agent.userAgent, decision.uri, outgoingOptions());
    call.session = inviter;
    this.watch(callId, inviter);
    this.update(callId, { remoteUri: decision.uri.toString(), phase: 'calling', hasEarlyMedia: false });
    this.sendInvite(callId, inviter);
  }

  sendDtmf(callId: string, digits: string): void {
    const call = this.calls.get(callId);
    if (!call || call.view.phase !== 'connected') return;
    const account = accountOf(call.view.accountId);
    this.media.sendDtmf(callId, digits, account?.dtmfMethod ?? DEFAULT_DTMF_METHOD);
  }

  /** Holds the line in use first (call waiting), then answers. */
  answer(callId: string): void {
    void this.answerAfterHolding(callId);
  }

  private async answerAfterHolding(callId: string): Promise<void> {
    const call = this.calls.get(callId);
    if (!(call?.session instanceof Invitation) || call.view.phase !== 'ringing') return;
    const session = call.session;
    this.update(callId, { phase: 'connecting' });
    // A call this one replaces (RFC 3891) ends by itself once this one is answered.
    const replaced = this.replacedCallId(session);
    await this.holdOtherLines(call.view, replaced ? [replaced] : []);
    if (session.state !== SessionState.Initial) return;
    session
      .accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY })
      .catch((error: unknown) => this.fail(callId, { code: 'media', message: `Could not start audio: ${describeError(error)}` }));
  }

  decline(callId: string): void {
    const call = this.calls.get(callId);
    if (!(call?.session instanceof Invitation) || call.view.phase !== 'ringing') return;
    // The reason first: reject() ends the session at once, which would otherwise read as missed.
    this.fail(callId, { code: 'declined-here', message: 'Declined' });
    // 486 Busy Here: PBXs treat it like busy and can send the caller to voicemail.
    call.session.reject({ statusCode: 486 }).catch(() => undefined);
  }

  hangUp(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    const { session } = call;
    if (session instanceof Invitation && session.state === SessionState.Initial) {
      this.decline(callId);
    } else if (session instanceof Inviter && session.state !== SessionState.Established) {
      this.fail(callId, { code: 'cancelled-here', message: 'Cancelled' });
      session.cancel().catch(() => undefined);
    } else if (session.state === SessionState.Established) {
      session.bye().catch(() => undefined);
    }
  }

  /** In a conference there is one microphone: muting any of its calls mutes them all. */
  setMuted(callId: string, isMuted: boolean): void {
    const call = this.calls.get(callId);
    if (!call) return;
    for (const member of this.conferenceMembers(call)) {
      this.update(member.view.id, { isMuted });
      this.applyTrackState(member);
    }
  }

  async transfer(callId: string, target: string): Promise<ActionResult> {
    const call = this.calls.get(callId);
    if (!call || call.session.state !== SessionState.Established) return fail('transfer-not-connected', 'Only a connected call can be transferred.');
    const account = accountOf(call.view.accountId);
    const uriText = parseDialTarget(target, account?.sipAddress.split('@')[1] ?? '');
    if (!uriText.ok) return uriText;
    const uri = UserAgent.makeURI(uriText.value);
    if (!uri) return fail('call-address', `"${target}" is not a valid address.`);
    this.referAndFollow(call, uri, uriText.value);
    return { ok: true };
  }

  completeTransfer(callId: string, consultCallId: string): void {
    const call = this.calls.get(callId);
    const consult = this.calls.get(consultCallId);
    if (!call || !consult || call.session.state !== SessionState.Established || consult.session.state !== SessionState.Established) return;
    this.referAndFollow(call, consult.session, consult.view.remoteName ?? consult.view.remoteUri);
  }

  /**
   * Sends the REFER and shows its progress on the call. Once the target
   * answered the transferee, our part is done: hang up (RFC 5589 §6). If it
   * failed, the call stays with us and the user is told why.
   */
  private referAndFollow(call: LiveCall, referTo: Parameters<Session['refer']>[0], target: string): void {
    const callId = call.view.id;
    const show = (change: Omit<TransferProgress, 'role' | 'target'>) =>
      this.update(callId, { transfer: { role: 'transferor', target, ...change } });
    show({ state: 'requested' });
    sendRefer(call.session, referTo, (state, failure) => {
      show({ state, failure });
      if (state === 'succeeded' && call.session.state === SessionState.Established) call.session.bye().catch(() => undefined);
    });
  }

  /** The other side transfers us: accept, and call whom it names (with Replaces for an attended transfer). */
  private onReferred(call: LiveCall, referral: Referral): void {
    const target = referral.referTo.uri.clone();
    target.clearHeaders();
    const remoteUri = target.toString();
    // An attended transfer names the target's Contact (a device address): its display name reads better.
    const remoteName = referral.referTo.displayName || undefined;
    this.update(call.view.id, { transfer: { role: 'transferee', target: remoteName ?? remoteUri, state: 'requested' } });
    referral
      .accept()
      .then(() => this.startOutgoing(referral.makeInviter(outgoingOptions()), call.view.accountId, remoteUri, remoteName))
      .catch((error: unknown) => console.warn(`could not follow a transfer: ${describeError(error)}`));
  }

  async merge(callId: string, otherCallId: string): Promise<ActionResult> {
    try {
      return await this.mergeCalls(callId, otherCallId);
    } catch (error) {
      console.warn(`merge failed: ${describeError(error)}`);
      return fail('merge-audio', `The calls' audio could not be mixed: ${describeError(error)}`);
    }
  }

  private async mergeCalls(callId: string, otherCallId: string): Promise<ActionResult> {
    const members = [callId, otherCallId].map((id) => this.calls.get(id));
    if (!members.every((member): member is LiveCall => member?.session.state === SessionState.Established)) {
      return fail('merge-not-connected', 'Both calls must be connected to merge them.');
    }
    // Both parties must hear us, so both come off hold (everything else stays held).
    await this.holdOtherLines(members[0]!.view, [otherCallId]);
    const resumed = await Promise.all(members.map((member) => this.hold(member, false)));
    if (!resumed.every(Boolean)) return fail('merge-resume', 'A call could not be taken off hold, so the calls were not merged.');
    const legs = members.map((member) => conferenceLeg(member));
    if (!legs.every((leg): leg is ConferenceLeg => leg !== undefined)) return fail('merge-audio', 'A call has no audio to mix.');
    await this.mixer.merge(legs);
    const conferenceId = crypto.randomUUID();
    for (const member of members) {
      this.update(member.view.id, { conferenceId });
      this.applyTrackState(member);
    }
    return { ok: true };
  }

  unmerge(callId: string): void {
    const call = this.calls.get(callId);
    if (!call?.view.conferenceId) return;
    void this.splitConference().then(() => this.holdOtherLines(this.calls.get(callId)?.view ?? call.view));
  }

  /** Every call gets its own microphone back and leaves the conference. */
  private async splitConference(): Promise<void> {
    const memberIds = this.mixer.callIds;
    await this.mixer.split();
    for (const id of memberIds) {
      const member = this.calls.get(id);
      if (!member) continue;
      this.update(id, { conferenceId: undefined });
      if (member.session.state === SessionState.Established) this.applyTrackState(member);
    }
  }

  private conferenceMembers(call: LiveCall): LiveCall[] {
    return [...this.calls.values()].filter((other) => isSameLine(other.view, call.view));
  }

  /**
   * Hold: a re-INVITE offering sendonly (RFC 3264 §8.4), and our own tracks
   * stopped both ways. The same options answer re-INVITEs the other side
   * sends while we hold, so its offer cannot take us off hold.
   */
  setOnHold(callId: string, isOnHold: boolean): void {
    const call = this.calls.get(callId);
    if (!call) return;
    if (isOnHold) {
      void this.holdLine(call);
      return;
    }
    // Switching lines: the one in use goes on hold before this one (or its whole conference) resumes.
    void this.holdOtherLines(call.view).then(() => Promise.all(this.conferenceMembers(call).map((member) => this.hold(member, false))));
  }

  /** Holds a call, or all of its conference (which then stays merged). */
  private async holdLine(call: LiveCall): Promise<void> {
    const members = this.conferenceMembers(call);
    await Promise.all(members.map((member) => this.hold(member, true)));
  }

  private async holdOtherLines(keep: CallView | undefined, except: readonly string[] = []): Promise<void> {
    const views = [...this.calls.values()].map((live) => live.view);
    const toHold = linesToHold(views, keep, except);
    await Promise.all(toHold.map((view) => this.calls.get(view.id)).map((live) => (live ? this.hold(live, true) : undefined)));
  }

  /** Resolves true once the other side accepted the hold/resume re-INVITE. */
  private hold(call: LiveCall, isOnHold: boolean): Promise<boolean> {
    if (call.session.state !== SessionState.Established || call.view.isOnHold === isOnHold) return Promise.resolve(true);
    const options: Web.SessionDescriptionHandlerOptions = { ...AUDIO_ONLY, hold: isOnHold };
    call.session.sessionDescriptionHandlerOptionsReInvite = options;
    return new Promise((resolve) => {
      call.session
        .invite({
          sessionDescriptionHandlerOptions: options,
          requestDelegate: {
            onAccept: () => {
              this.update(call.view.id, { isOnHold });
              this.applyTrackState(call);
              resolve(true);
            },
            onReject: () => resolve(false),
          },
        })
        .catch((error: unknown) => {
          console.warn(`hold failed: ${describeError(error)}`);
          resolve(false);
        });
    });
  }

  private applyTrackState(call: LiveCall): void {
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

  dismiss(callId: string): void {
    const call = this.calls.get(callId);
    if (call && call.view.phase !== 'ended') return;
    this.calls.delete(callId);
    this.media.forget(callId);
    useSoftphoneStore.getState().removeCall(callId);
  }

  /**
   * The server reaches us in a call through the connection the call started
   * on (Kamailio's `alias`); after a reconnect that route is stale. A
   * re-INVITE from the new connection updates it (and restarts ICE, since the
   * network may have changed too).
   */
  private refreshCallsAfterReconnect(accountId: string): void {
    for (const { session, view } of this.calls.values()) {
      if (view.accountId === accountId && session.state === SessionState.Established) this.reinvite(session, 0);
    }
  }

  private reinvite(session: Session, attempt: number): void {
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
              setTimeout(() => this.reinvite(session, attempt + 1), 500 + Math.random() * 2_000);
            }
          },
        },
      })
      .catch((error: unknown) => console.warn(`re-INVITE after reconnect failed: ${describeError(error)}`));
  }

  private async startAgent(accountId: string): Promise<AccountAgent | undefined> {
    const pending = this.starting.get(accountId);
    if (pending) return pending;
    const start = (async () => {
      const attached = await this.api.attachSip({ accountId });
      if (!attached.ok) return undefined;
      const config = attached.value;
      const iceServers = () => this.options.iceServers?.() ?? [];
      const options: UserAgentOptions & { authorizationHa1: string } = {
        uri: UserAgent.makeURI(config.aor),
        displayName: config.displayName,
        authorizationUsername: config.authorizationUsername,
        authorizationHa1: config.authorizationHa1,
        viaHost: config.viaHost,
        reconnectionAttempts: 0,
        logBuiltinEnabled: false,
        userAgentString: 'Softphone/0.1 (sip.js)',
        transportConstructor: PipeTransport,
        transportOptions: {
          pipe: this.hub.pipeFor(accountId),
          onCreated: (transport: PipeTransport) => this.hub.bind(accountId, transport),
        },
        sessionDescriptionHandlerFactoryOptions: {
          // sip.js defaults to a public STUN server; only use what the user configured.
          // A getter: sip.js copies this object for every new call, so each call gets the current setting.
          peerConnectionConfiguration: { get iceServers() { return iceServers(); } },
          iceGatheringTimeout: 1_000,
        },
        // Lets an attended transfer's INVITE with Replaces take over one of our calls (RFC 3891).
        sipExtensionReplaces: SIPExtension.Supported,
        delegate: { onInvite: (invitation) => this.onIncoming(accountId, invitation) },
      };
      const userAgent = new UserAgent(options);
      const agent = { config, userAgent };
      this.agents.set(accountId, agent);
      await userAgent.start().catch(() => undefined);
      await this.api.readySip({ accountId });
      return agent;
    })().finally(() => this.starting.delete(accountId));
    this.starting.set(accountId, start);
    return start;
  }

  private async stopAgent(accountId: string): Promise<void> {
    const agent = this.agents.get(accountId);
    if (!agent) return;
    this.agents.delete(accountId);
    this.hub.unbind(accountId);
    await agent.userAgent.stop().catch(() => undefined);
  }

  private onIncoming(accountId: string, invitation: Invitation): void {
    const identity = invitation.remoteIdentity;
    const id = crypto.randomUUID();
    this.track(invitation, {
      id,
      accountId,
      direction: 'incoming',
      remoteUri: identity.uri.toString(),
      remoteName: identity.displayName || undefined,
      phase: 'ringing',
      hasEarlyMedia: false,
      startedAt: Date.now(),
      isMuted: false,
      isOnHold: false,
      isHeldRemotely: false,
    });
    // An INVITE with Replaces that sip.js matched to one of our calls: the
    // same conversation moving to a new party (attended transfer), so it is
    // answered at once and sip.js ends the call it replaces.
    if (this.replacedCallId(invitation)) this.answer(id);
    else this.scheduleAutoAnswer(accountId, id);
  }

  /** Our call that an incoming INVITE with Replaces takes over, if sip.js matched one. */
  private replacedCallId(invitation: Invitation): string | undefined {
    const replaces = invitation.request.parseHeader('replaces') as { call_id?: string } | undefined;
    if (!replaces?.call_id) return undefined;
    for (const { session, view } of this.calls.values()) {
      if (session !== invitation && session.dialog?.callId === replaces.call_id && session.state === SessionState.Established) return view.id;
    }
    return undefined;
  }

  /** Per-account auto-answer, but never while another call is going on. */
  private scheduleAutoAnswer(accountId: string, callId: string): void {
    const account = accountOf(accountId);
    const delaySec = account?.autoAnswerDelaySec;
    if (delaySec === undefined) return;
    const isBusy = [...this.calls.values()].some((call) => call.view.id !== callId && call.view.phase !== 'ended');
    if (isBusy) return;
    setTimeout(() => this.answer(callId), delaySec * 1000);
  }

  private track(session: Session, view: CallView): void {
    this.calls.set(view.id, { session, view });
    useSoftphoneStore.getState().upsertCall(view);
    this.watch(view.id, session);
    this.refreshTones();
  }

  private watch(callId: string, session: Session): void {
    session.delegate = {
      // A re-INVITE from the other side: sendonly or inactive means it holds us.
      onInvite: (request) => this.update(callId, { isHeldRemotely: /^a=(sendonly|inactive)\s*$/m.test(request.body) }),
      onInfo: (info) => this.media.onInfo(callId, info),
      onRefer: (referral) => {
        const call = this.calls.get(callId);
        if (call) this.onReferred(call, referral);
        else void referral.reject().catch(() => undefined);
      },
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.update(callId, { phase: 'connected', answeredAt: Date.now() });
        this.playRemoteAudio(callId, session);
        this.media.onConnected(callId, session);
      } else if (state === SessionState.Terminated) {
        // After the current task: sip.js reports a 3xx's Terminated before
        // onRedirect, which may hand the call to a new session.
        queueMicrotask(() => {
          if (this.calls.get(callId)?.session === session) this.onTerminated(callId);
        });
      }
    });
  }

  private onProgress(callId: string, response: Core.IncomingResponse): void {
    const statusCode = response.message.statusCode ?? 0;
    if (statusCode === 100) return;
    const progress = callProgressFromResponse(statusCode, response.message.body.length > 0);
    const hasEarlyMedia = progress === 'early-media';
    this.update(callId, { phase: 'ringing', hasEarlyMedia });
    this.media.onProgress(callId, progress);
    const call = this.calls.get(callId);
    if (hasEarlyMedia && call) this.playRemoteAudio(callId, call.session);
  }

  private onTerminated(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    this.remoteAudio.detach(callId);
    this.media.onEnded(callId);
    // A conference with one party left is an ordinary call again.
    if (this.mixer.has(callId)) void this.splitConference();
    if (call.view.phase !== 'ended') {
      const isMissed = call.view.direction === 'incoming' && call.view.answeredAt === undefined;
      this.update(callId, {
        phase: 'ended',
        endedAt: Date.now(),
        failure: call.view.failure ?? (isMissed ? { code: 'missed', message: 'Missed call' } : undefined),
      });
    }
    // sip.js reports Terminated before it hands us the final response, so
    // the reason may still arrive in this task: decide how long to linger after it.
    setTimeout(() => {
      const ended = this.calls.get(callId)?.view;
      if (ended) this.recordInHistory(ended);
      const linger = this.options.endedCallLingerMs ?? (ended?.failure ? 8_000 : 2_500);
      setTimeout(() => this.dismiss(callId), linger);
    }, 0);
  }

  private recordInHistory(view: CallView): void {
    void this.api.recordCall({
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
      quality: this.media.qualitySummary(view.id),
    });
  }

  /** Ends a call with a reason; a reason that arrives just after the session ended still fills in. */
  private fail(callId: string, failure: CallFailure): void {
    const call = this.calls.get(callId);
    if (!call || call.view.failure) return;
    this.update(callId, { phase: 'ended', endedAt: call.view.endedAt ?? Date.now(), failure });
  }

  private playRemoteAudio(callId: string, session: Session): void {
    const handler = session.sessionDescriptionHandler;
    if (handler instanceof Web.SessionDescriptionHandler) this.remoteAudio.attach(callId, handler.remoteMediaStream);
  }

  private update(callId: string, change: Partial<CallView>): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.view = { ...call.view, ...change };
    useSoftphoneStore.getState().upsertCall(call.view);
    this.refreshTones();
  }

  /**
   * Ringtone while anything rings here (a short call-waiting beep instead
   * during another call); ringback while an outgoing call rings without early media.
   */
  private refreshTones(): void {
    const views = [...this.calls.values()].map((call) => call.view);
    const isRingingHere = views.some(isRingingIncoming);
    const isRingingThere = views.some((view) => view.direction === 'outgoing' && view.phase === 'ringing' && !view.hasEarlyMedia);
    if (isCallWaiting(views)) this.tones.play('call-waiting');
    else if (isRingingHere) this.tones.play('ringtone');
    else if (isRingingThere) this.tones.play('ringback');
    else this.tones.stop();
  }
}

/** What the mixer needs of an established call. */
function conferenceLeg(call: LiveCall): ConferenceLeg | undefined {
  const handler = call.session.sessionDescriptionHandler;
  if (!(handler instanceof Web.SessionDescriptionHandler) || !handler.peerConnection) return undefined;
  const microphone = handler.localMediaStream.getAudioTracks()[0];
  if (!microphone) return undefined;
  return { callId: call.view.id, peerConnection: handler.peerConnection, microphone, remote: handler.remoteMediaStream };
}

/** The account as main's latest snapshot has it. */
function accountOf(accountId: string): AccountView | undefined {
  return useSoftphoneStore.getState().snapshot?.accounts.find((candidate) => candidate.id === accountId);
}
