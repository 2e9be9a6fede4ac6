/**
 * A stand-in for the window's call agent under Node: a real sip.js
 * UserAgent on the SIP tunnel (sip:attach, sip:send, sip:ready), as the
 * renderer's call engine runs it, without media. It rings every incoming
 * call (180), or answers it (200 with a fixed SDP answer) when asked to,
 * and, like the call engine, records each call it ran in history when it
 * ends. Closing it is the window closing: nothing more is recorded.
 */
import { randomUUID } from 'node:crypto';
import { Invitation, SessionState, UserAgent, type SessionDescriptionHandler } from 'sip.js';
import type { CallAgentConfig } from '../../app/ipc-contract';
import { PipeTransport } from '../../app/sip/pipe-transport';
import type { Result } from '../../app/result';
import type { SoftphoneCore } from '../../main/core/softphone-core';

export interface NodeCallWindowOptions {
  /** Answer every incoming call at once instead of letting it ring. */
  readonly answersCalls?: boolean;
}

/** An SDP answer for a PCMU offer: enough for sip.js to answer, no media flows. */
const STUB_ANSWER = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=sendrecv', ''].join('\r\n');

function stubMedia(): SessionDescriptionHandler {
  return {
    close: () => undefined,
    getDescription: async () => ({ body: STUB_ANSWER, contentType: 'application/sdp' }),
    hasDescription: (contentType) => contentType === 'application/sdp',
    setDescription: async () => undefined,
    sendDtmf: () => false,
  };
}

export class NodeCallWindow {
  private readonly connection;
  private transport: PipeTransport | undefined;
  private userAgent: UserAgent | undefined;
  private isConnected = false;
  private isClosed = false;

  constructor(
    core: SoftphoneCore,
    private readonly options: NodeCallWindowOptions = {},
  ) {
    this.connection = core.connectRenderer((channel, payload) => {
      if (this.isClosed) return;
      if (channel === 'sip:message') this.transport?.receive((payload as { message: string }).message);
      if (channel === 'sip:connection') {
        this.isConnected = (payload as { isConnected: boolean }).isConnected;
        if (this.isConnected) this.transport?.markConnected();
        else this.transport?.markDisconnected();
      }
    });
  }

  /** Attaches to the account, starts the agent and reports it ready. */
  async open(accountId: string): Promise<void> {
    const attached = (await this.connection.invoke('sip:attach', { accountId })) as Result<CallAgentConfig>;
    if (!attached.ok) throw new Error(`attach failed: ${attached.error.message}`);
    const config = attached.value;
    const invoke = (channel: string, payload: unknown) => this.connection.invoke(channel, payload);
    this.userAgent = new UserAgent({
      uri: UserAgent.makeURI(config.aor),
      authorizationUsername: config.authorizationUsername,
      viaHost: config.viaHost,
      logBuiltinEnabled: false,
      reconnectionAttempts: 0,
      sessionDescriptionHandlerFactory: () => {
        if (this.options.answersCalls) return stubMedia();
        throw new Error('no media in this stand-in');
      },
      transportConstructor: PipeTransport,
      transportOptions: {
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
        onCreated: (created: PipeTransport) => (this.transport = created),
      },
      delegate: { onInvite: (invitation) => this.ring(accountId, invitation, invoke) },
    } as ConstructorParameters<typeof UserAgent>[0]);
    await this.userAgent.start();
    const ready = await invoke('sip:ready', { accountId });
    if (!ready.ok) throw new Error(`ready failed: ${ready.error.message}`);
  }

  close(): void {
    this.isClosed = true;
    this.connection.close();
    void this.userAgent?.stop().catch(() => undefined);
  }

  private ring(accountId: string, invitation: Invitation, invoke: (channel: string, payload: unknown) => Promise<Result<unknown>>): void {
    const startedAt = Date.now();
    let answeredAt: number | undefined;
    invitation.stateChange.addListener((state) => {
      if (state === SessionState.Established) answeredAt = Date.now();
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
