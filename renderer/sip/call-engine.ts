/**
 * Runs calls with sip.js in the renderer: one call-only UserAgent per
 * account (it never REGISTERs; main does that on the same connection), WebRTC
 * audio, ringtone and ringback. Writes the `calls` slice of the store.
 */
import {
  Invitation,
  Inviter,
  SessionState,
  UserAgent,
  Web,
  type Session,
  type UserAgentOptions,
} from 'sip.js';
import type { Core } from 'sip.js';
import type { AccountView } from '../../app/account';
import type { CallAgentConfig, SoftphoneApi } from '../../app/ipc-contract';
import { parseDialTarget } from '../../app/sip-address';
import { callFailureFromStatus, type CallFailure } from '../../app/sip-failure';
import { PipeTransport } from '../../app/sip/pipe-transport';
import { TonePlayer } from '../audio/tone-player';
import type { CallControls, CallView } from '../store/call-view';
import { useSoftphoneStore } from '../store/softphone-store';
import { RemoteAudio } from './remote-audio';
import { SipHub } from './sip-hub';

interface AccountAgent {
  readonly config: CallAgentConfig;
  readonly userAgent: UserAgent;
}

interface LiveCall {
  readonly session: Session;
  view: CallView;
}

export interface CallEngineOptions {
  /** STUN/TURN servers, asked for at the start of every call (the setting may change). */
  readonly iceServers?: () => RTCIceServer[];
  /** Ended calls leave the panel after this long (failed ones stay a little longer to be read). */
  readonly endedCallLingerMs?: number;
}

const AUDIO_ONLY = { constraints: { audio: true, video: false } };

export class CallEngine implements CallControls {
  private readonly hub: SipHub;
  private readonly agents = new Map<string, AccountAgent>();
  private readonly starting = new Map<string, Promise<AccountAgent | undefined>>();
  private readonly calls = new Map<string, LiveCall>();
  private readonly tones = new TonePlayer();
  private readonly remoteAudio = new RemoteAudio();

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

  async call(accountId: string, target: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const account = useSoftphoneStore.getState().snapshot?.accounts.find((candidate) => candidate.id === accountId);
    if (!account) return { ok: false, message: 'Choose an account to call from.' };
    const domain = account.sipAddress.split('@')[1] ?? '';
    const uriText = parseDialTarget(target, domain);
    if (!uriText.ok) return { ok: false, message: uriText.error.message };
    const agent = this.agents.get(accountId) ?? (await this.starting.get(accountId)) ?? (await this.startAgent(accountId));
    if (!agent) return { ok: false, message: 'This account is not connected yet. Check its status at the top.' };
    const uri = UserAgent.makeURI(uriText.value);
    if (!uri) return { ok: false, message: `"${target}" is not a valid address.` };

    const inviter = new Inviter(agent.userAgent, uri, { earlyMedia: true, sessionDescriptionHandlerOptions: AUDIO_ONLY });
    const id = crypto.randomUUID();
    this.track(inviter, {
      id,
      accountId,
      direction: 'outgoing',
      remoteUri: uriText.value,
      phase: 'calling',
      hasEarlyMedia: false,
      startedAt: Date.now(),
      isMuted: false,
      isOnHold: false,
      isHeldRemotely: false,
    });
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => this.onProgress(id, response),
          onReject: (response) => this.fail(id, callFailureFromStatus(response.message.statusCode ?? 0, response.message.reasonPhrase)),
        },
      })
      .catch((error: unknown) => this.fail(id, { code: 'failed', message: describe(error) }));
    return { ok: true };
  }

  answer(callId: string): void {
    const call = this.calls.get(callId);
    if (!(call?.session instanceof Invitation) || call.view.phase !== 'ringing') return;
    this.update(callId, { phase: 'connecting' });
    call.session
      .accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY })
      .catch((error: unknown) => this.fail(callId, { code: 'media', message: `Could not start audio: ${describe(error)}` }));
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

  setMuted(callId: string, isMuted: boolean): void {
    const call = this.calls.get(callId);
    if (!call) return;
    this.update(callId, { isMuted });
    this.applyTrackState(call);
  }

  /**
   * Hold: a re-INVITE offering sendonly (RFC 3264 §8.4), and our own tracks
   * stopped both ways. The same options answer re-INVITEs the other side
   * sends while we hold, so its offer cannot take us off hold.
   */
  setOnHold(callId: string, isOnHold: boolean): void {
    const call = this.calls.get(callId);
    if (!call || call.session.state !== SessionState.Established || call.view.isOnHold === isOnHold) return;
    const options: Web.SessionDescriptionHandlerOptions = { ...AUDIO_ONLY, hold: isOnHold };
    call.session.sessionDescriptionHandlerOptionsReInvite = options;
    call.session
      .invite({
        sessionDescriptionHandlerOptions: options,
        requestDelegate: {
          onAccept: () => {
            this.update(callId, { isOnHold });
            this.applyTrackState(call);
          },
        },
      })
      .catch((error: unknown) => console.warn(`hold failed: ${describe(error)}`));
  }

  private applyTrackState(call: LiveCall): void {
    const handler = call.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler)) return;
    handler.enableSenderTracks(!call.view.isOnHold && !call.view.isMuted);
    handler.enableReceiverTracks(!call.view.isOnHold);
  }

  dismiss(callId: string): void {
    const call = this.calls.get(callId);
    if (call && call.view.phase !== 'ended') return;
    this.calls.delete(callId);
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
      .catch((error: unknown) => console.warn(`re-INVITE after reconnect failed: ${describe(error)}`));
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
        delegate: { onInvite: (invitation) => this.onIncoming(accountId, invitation) },
      };
      const userAgent = new UserAgent(options);
      const agent = { config, userAgent };
      this.agents.set(accountId, agent);
      await userAgent.start().catch(() => undefined);
      this.hub.flush(accountId);
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
    this.scheduleAutoAnswer(accountId, id);
  }

  /** Per-account auto-answer, but never while another call is going on. */
  private scheduleAutoAnswer(accountId: string, callId: string): void {
    const account = useSoftphoneStore.getState().snapshot?.accounts.find((candidate) => candidate.id === accountId);
    const delaySec = account?.autoAnswerDelaySec;
    if (delaySec === undefined) return;
    const isBusy = [...this.calls.values()].some((call) => call.view.id !== callId && call.view.phase !== 'ended');
    if (isBusy) return;
    setTimeout(() => this.answer(callId), delaySec * 1000);
  }

  private track(session: Session, view: CallView): void {
    this.calls.set(view.id, { session, view });
    session.delegate = {
      // A re-INVITE from the other side: sendonly or inactive means it holds us.
      onInvite: (request) => this.update(view.id, { isHeldRemotely: /^a=(sendonly|inactive)\s*$/m.test(request.body) }),
    };
    useSoftphoneStore.getState().upsertCall(view);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.update(view.id, { phase: 'connected', answeredAt: Date.now() });
        this.playRemoteAudio(view.id, session);
      } else if (state === SessionState.Terminated) {
        this.onTerminated(view.id);
      }
    });
    this.refreshTones();
  }

  private onProgress(callId: string, response: Core.IncomingResponse): void {
    const statusCode = response.message.statusCode ?? 0;
    if (statusCode === 100) return;
    const hasEarlyMedia = statusCode === 183 && response.message.body.length > 0;
    this.update(callId, { phase: 'ringing', hasEarlyMedia });
    const call = this.calls.get(callId);
    if (hasEarlyMedia && call) this.playRemoteAudio(callId, call.session);
  }

  private onTerminated(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    this.remoteAudio.detach(callId);
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

  /** Ringtone while anything rings here; ringback while an outgoing call rings without early media. */
  private refreshTones(): void {
    const views = [...this.calls.values()].map((call) => call.view);
    const isRingingHere = views.some((view) => view.direction === 'incoming' && view.phase === 'ringing');
    const isRingingThere = views.some((view) => view.direction === 'outgoing' && view.phase === 'ringing' && !view.hasEarlyMedia);
    if (isRingingHere) this.tones.play('ringtone');
    else if (isRingingThere) this.tones.play('ringback');
    else this.tones.stop();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
