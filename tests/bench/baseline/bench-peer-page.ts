/**
 * The baseline: a bare sip.js 0.21 user agent in Chromium with its own
 * WebSocket (sip.js' own Web.Transport), nothing else. Used as the baseline
 * caller, as the auto-answering callee of every benchmarked call, and as
 * the answerer that rings until asked to answer (answer section).
 *
 * Its sip.js settings copy the softphone's call engine
 * (renderer/sip/call-engine.ts) wherever they can change timing: no ICE
 * servers, 1 s ICE gathering timeout, audio-only offers, early media on, no
 * reconnection, no built-in logging, remote audio played by an <audio>
 * element. Keep them in step when the call engine changes.
 */
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  Web,
  type Session,
  type UserAgentOptions,
} from 'sip.js';
import type { BenchPeerApi, PeerAccount } from './peer-types';

const AUDIO_ONLY = { constraints: { audio: true, video: false } };
const REGISTER_EXPIRES_SEC = 300;

const now = (): number => performance.timeOrigin + performance.now();

let agent: UserAgent | undefined;
let registerer: Registerer | undefined;
let answered = 0;
const sessions = new Set<Session>();
/** An answerer's calls still ringing, oldest first. */
const ringing: Invitation[] = [];

function makeAgent(account: PeerAccount, options: Partial<UserAgentOptions> = {}): UserAgent {
  return new UserAgent({
    uri: UserAgent.makeURI(`sip:${account.user}@${account.domain}`),
    authorizationUsername: account.user,
    authorizationPassword: account.password,
    reconnectionAttempts: 0,
    logBuiltinEnabled: false,
    userAgentString: 'bench-baseline (sip.js)',
    transportOptions: { server: account.wsUrl, traceSip: false },
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: [] },
      iceGatheringTimeout: 1_000,
    },
    ...options,
  });
}

async function register(userAgent: UserAgent): Promise<Registerer> {
  const created = new Registerer(userAgent, { expires: REGISTER_EXPIRES_SEC });
  await new Promise<void>((resolve, reject) => {
    created.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) resolve();
    });
    created
      .register({ requestDelegate: { onReject: (response) => reject(new Error(`REGISTER rejected: ${response.message.statusCode}`)) } })
      .catch(reject);
  });
  return created;
}

async function unregister(created: Registerer): Promise<void> {
  if (created.state !== RegistererState.Registered) return;
  await new Promise<void>((resolve) => {
    created.stateChange.addListener((state) => {
      if (state === RegistererState.Unregistered || state === RegistererState.Terminated) resolve();
    });
    created.unregister().catch(() => resolve());
  });
}

/** Tracks a session until it ends, and plays its remote audio once established, as the app does. */
function track(session: Session): void {
  sessions.add(session);
  session.stateChange.addListener((state) => {
    if (state === SessionState.Established) playRemoteAudio(session);
    if (state === SessionState.Terminated) sessions.delete(session);
  });
}

function playRemoteAudio(session: Session): void {
  const handler = session.sessionDescriptionHandler;
  if (!(handler instanceof Web.SessionDescriptionHandler)) return;
  const element = document.createElement('audio');
  element.autoplay = true;
  element.hidden = true;
  element.srcObject = handler.remoteMediaStream;
  document.body.append(element);
  void element.play().catch(() => undefined);
  session.stateChange.addListener((state) => {
    if (state !== SessionState.Terminated) return;
    element.pause();
    element.srcObject = null;
    element.remove();
  });
}

function autoAnswer(invitation: Invitation): void {
  track(invitation);
  answered += 1;
  invitation.accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY }).catch((error: unknown) => {
    console.error(`auto-answer failed: ${String(error)}`);
  });
}

/** An answerer lets each call ring until {@link BenchPeerApi.answer}, as a user would. */
function ring(invitation: Invitation): void {
  track(invitation);
  ringing.push(invitation);
  invitation.stateChange.addListener((state) => {
    if (state !== SessionState.Initial && ringing.includes(invitation)) ringing.splice(ringing.indexOf(invitation), 1);
  });
}

/**
 * The shared callee answers every compared call; its own first answer would
 * pay for its cold media stack (microphone, WebRTC) and land on whichever
 * caller calls first. So it runs one call inside the page first: two peer
 * connections, its microphone on one, until audio flows.
 */
async function warmMedia(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia(AUDIO_ONLY.constraints);
  const sending = new RTCPeerConnection();
  const receiving = new RTCPeerConnection();
  try {
    sending.onicecandidate = (event) => void (event.candidate && receiving.addIceCandidate(event.candidate));
    receiving.onicecandidate = (event) => void (event.candidate && sending.addIceCandidate(event.candidate));
    for (const track of stream.getTracks()) sending.addTrack(track, stream);
    const connected = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      receiving.onconnectionstatechange = () => {
        if (receiving.connectionState !== 'connected') return;
        clearTimeout(timer);
        resolve();
      };
    });
    await sending.setLocalDescription();
    await receiving.setRemoteDescription(sending.localDescription!);
    await receiving.setLocalDescription();
    await sending.setRemoteDescription(receiving.localDescription!);
    await connected;
  } finally {
    sending.close();
    receiving.close();
    for (const track of stream.getTracks()) track.stop();
  }
}

const api: BenchPeerApi = {
  async start(account, role) {
    if (agent) throw new Error('already started');
    if (role === 'callee') await warmMedia();
    const delegate = role === 'callee' ? { onInvite: autoAnswer } : role === 'answerer' ? { onInvite: ring } : {};
    agent = makeAgent(account, { delegate });
    await agent.start();
    registerer = await register(agent);
  },

  async call(target) {
    window.benchProbe?.markAction();
    if (!agent) throw new Error('not started');
    const uri = UserAgent.makeURI(target.includes('@') ? `sip:${target.replace(/^sip:/, '')}` : `sip:${target}@${agent.configuration.uri.host}`);
    if (!uri) throw new Error(`bad target ${target}`);
    const inviter = new Inviter(agent, uri, { earlyMedia: true, sessionDescriptionHandlerOptions: AUDIO_ONLY });
    track(inviter);
    await inviter.invite({
      requestDelegate: { onReject: (response) => console.error(`INVITE rejected: ${response.message.statusCode}`) },
    });
  },

  async hangUp() {
    const ending = [...sessions].map(async (session) => {
      if (session.state === SessionState.Established) await session.bye();
      else if (session instanceof Inviter && session.state === SessionState.Establishing) await session.cancel();
      else if (session instanceof Invitation && session.state === SessionState.Initial) await session.reject();
    });
    await Promise.all(ending.map((promise) => promise.catch(() => undefined)));
  },

  async answer() {
    window.benchProbe?.markAction();
    const invitation = ringing.shift();
    if (!invitation) throw new Error('no call is ringing');
    answered += 1;
    await invitation.accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY });
  },

  ringingCount: () => ringing.length,
  activeSessions: () => sessions.size,
  answeredCount: () => answered,

  async timeRegistration(account) {
    const startedAt = now();
    const fresh = makeAgent(account);
    await fresh.start();
    const created = await register(fresh);
    const elapsed = now() - startedAt;
    await unregister(created);
    await fresh.stop();
    return elapsed;
  },

  async stop() {
    await api.hangUp();
    if (registerer) await unregister(registerer);
    await agent?.stop();
    agent = undefined;
    registerer = undefined;
  },
};

window.benchPeer = api;
