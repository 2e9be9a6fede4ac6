/**
 * A stand-in for the window's call agent under Node: a real sip.js
 * UserAgent built with the renderer's own options
 * (`buildCallAgentOptions`), on the SIP tunnel through the real contract
 * (`sip:attach`, `sip:ready` once its agent is started, `sip:send`, the
 * `sip:message` / `sip:connection` events), without media. It rings every
 * incoming call (180), or answers it (200 with a canned SDP) when asked to,
 * and, like the call engine, records each call it ran in history when it
 * ends. Closing it is the window closing: nothing more is recorded.
 */
import { randomUUID } from 'node:crypto';
import { Invitation, Inviter, SessionState, UserAgent, type Core, type SessionDescriptionHandler } from 'sip.js';
import type { CallAgentConfig } from '../../app/ipc-contract';
import type { PipeTransport } from '../../app/sip/pipe-transport';
import type { Result } from '../../app/result';
import type { SoftphoneCore } from '../../main/core/softphone-core';
import { challengedRealmOf } from '../../app/sip/digest-challenge';
import { buildCallAgentOptions, setDigestKey } from '../../renderer/sip/user-agent-options';

export interface NodeCallWindowOptions {
  /** Answer every incoming call at once instead of letting it ring. */
  readonly answersCalls?: boolean;
}

/** What the stand-in did with each incoming call. */
export interface StandInCall {
  readonly callId: string;
  readonly from: string;
  answered: boolean;
}

/** An SDP any peer can parse (PCMU); no media ever flows. */
export const CANNED_SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join(
  '\r\n',
);

function cannedMedia(): SessionDescriptionHandler {
  return {
    close: () => undefined,
    getDescription: async () => ({ body: CANNED_SDP, contentType: 'application/sdp' }),
    hasDescription: (contentType) => contentType === 'application/sdp',
    setDescription: async () => undefined,
    sendDtmf: () => false,
  };
}

type Invoke = (channel: string, payload: unknown) => Promise<Result<unknown>>;

export class NodeCallWindow {
  /** Every incoming call this window saw, in order. */
  readonly calls: StandInCall[] = [];
  private readonly connection;
  private transport: PipeTransport | undefined;
  private userAgent: UserAgent | undefined;
  private isConnected = false;
  private isClosed = false;
  private isPlacingCall = false;
  private accountId: string | undefined;
  private delivery: Promise<void> = Promise.resolve();

  constructor(
    core: SoftphoneCore,
    private readonly options: NodeCallWindowOptions = {},
  ) {
    this.connection = core.connectRenderer((channel, payload) => {
      if (this.isClosed) return;
      if (channel === 'sip:message') this.receive((payload as { message: string }).message);
      if (channel === 'sip:connection') {
        this.isConnected = (payload as { isConnected: boolean }).isConnected;
        if (this.isConnected) this.transport?.markConnected();
        else this.transport?.markDisconnected();
      }
    });
  }

  /** As the window's SIP hub: a challenge waits until main gave the key of its realm; what comes after waits behind it. */
  private receive(message: string): void {
    const realm = challengedRealmOf(message);
    this.delivery = this.delivery
      .then(async () => {
        if (realm === undefined || !this.userAgent || !this.accountId) return;
        const key = await this.connection.invoke('sip:digest-key', { accountId: this.accountId, realm });
        if (key.ok) setDigestKey(this.userAgent, (key.value as { ha1: string }).ha1);
      })
      .catch(() => undefined)
      .then(() => this.transport?.receive(message));
  }

  /** Attaches to the account, starts the agent and reports it ready. */
  async open(accountId: string): Promise<void> {
    this.accountId = accountId;
    const attached = (await this.connection.invoke('sip:attach', { accountId })) as Result<CallAgentConfig>;
    if (!attached.ok) throw new Error(`attach failed: ${attached.error.message}`);
    const invoke: Invoke = (channel, payload) => this.connection.invoke(channel, payload);
    this.userAgent = new UserAgent({
      ...buildCallAgentOptions(attached.value, {
        pipe: {
          isConnected: () => this.isConnected,
          whenConnected: async () => {
            if (!this.isConnected) throw new Error('Not connected');
          },
          send: async (message: string) => {
            const sent = await invoke('sip:send', { accountId, message });
            if (!sent.ok) throw new Error(sent.error.message);
          },
        },
        onTransportCreated: (created) => (this.transport = created),
        iceServers: () => [],
        certificates: () => undefined,
        takePreparedLeg: () => undefined,
        onInvite: (invitation) => this.ring(accountId, invitation, invoke),
      }),
      sessionDescriptionHandlerFactory: () => {
        if (this.options.answersCalls || this.isPlacingCall) return cannedMedia();
        throw new Error('no media in this stand-in');
      },
    });
    await this.userAgent.start();
    const ready = await invoke('sip:ready', { accountId });
    if (!ready.ok) throw new Error(`ready failed: ${ready.error.message}`);
  }

  /** Calls `target` (a SIP URI) with the canned SDP; the session says how it goes. */
  async call(target: string, delegate: Core.OutgoingRequestDelegate = {}): Promise<Inviter> {
    if (!this.userAgent) throw new Error('open() the window first');
    const targetUri = UserAgent.makeURI(target);
    if (!targetUri) throw new Error(`not a SIP URI: ${target}`);
    this.isPlacingCall = true;
    const inviter = new Inviter(this.userAgent, targetUri);
    await inviter.invite({ requestDelegate: delegate });
    return inviter;
  }

  /** The window closes: its agent stops and main is told, as when a real window goes away. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.connection.close();
    await this.userAgent?.stop().catch(() => undefined);
  }

  private ring(accountId: string, invitation: Invitation, invoke: Invoke): void {
    const call: StandInCall = { callId: invitation.request.callId, from: invitation.remoteIdentity.uri.toString(), answered: false };
    this.calls.push(call);
    const startedAt = Date.now();
    let answeredAt: number | undefined;
    invitation.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        answeredAt = Date.now();
        call.answered = true;
      }
      if (state !== SessionState.Terminated || this.isClosed) return;
      void invoke('history:record', {
        id: randomUUID(),
        accountId,
        direction: 'incoming',
        remoteUri: invitation.remoteIdentity.uri.toString(),
        startedAt,
        endedAt: Date.now(),
        ...(answeredAt === undefined ? { outcome: 'missed' } : { answeredAt }),
      });
    });
    if (this.options.answersCalls) invitation.accept().catch(() => undefined);
    else invitation.progress().catch(() => undefined);
  }
}
