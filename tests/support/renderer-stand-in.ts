/**
 * A Node sip.js call agent standing in for the renderer: it attaches to the
 * core through the real contract (`sip:attach`, `sip:ready` once its agent
 * is started, `sip:send`, the `sip:message` / `sip:connection` events),
 * with the renderer's own agent options, and answers every incoming call
 * with a canned SDP (Node has no WebRTC).
 */
import { UserAgent, type SessionDescriptionHandler, type UserAgentOptions } from 'sip.js';
import type { CallAgentConfig } from '../../app/ipc-contract';
import type { PipeTransport } from '../../app/sip/pipe-transport';
import type { RendererConnection, RendererSink, SoftphoneCore } from '../../main/core/softphone-core';
import { buildCallAgentOptions } from '../../renderer/sip/user-agent-options';

/** What the stand-in did with each incoming call. */
export interface StandInCall {
  readonly callId: string;
  readonly from: string;
  answered: boolean;
}

export interface RendererStandIn {
  readonly calls: readonly StandInCall[];
  /** Closes the renderer connection, as a closed window would. */
  close(): Promise<void>;
}

/** An SDP any peer can parse; no media ever flows. */
export const CANNED_SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

class CannedSessionDescriptionHandler implements SessionDescriptionHandler {
  close(): void {}
  async getDescription(): Promise<{ body: string; contentType: string }> {
    return { body: CANNED_SDP, contentType: 'application/sdp' };
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  async setDescription(): Promise<void> {}
  sendDtmf(): boolean {
    return false;
  }
}

/** Attaches a call agent for `accountId` that answers every call at once. */
export async function attachRendererStandIn(core: SoftphoneCore, accountId: string): Promise<RendererStandIn> {
  const calls: StandInCall[] = [];
  let transport: PipeTransport | undefined;
  let isConnected = false;
  const sink: RendererSink = (channel, payload) => {
    if (channel === 'sip:message') {
      const { accountId: target, message } = payload as { accountId: string; message: string };
      if (target === accountId) transport?.receive(message);
    } else if (channel === 'sip:connection') {
      const { accountId: target, isConnected: connected } = payload as { accountId: string; isConnected: boolean };
      if (target !== accountId) return;
      isConnected = connected;
      if (connected) transport?.markConnected();
      else transport?.markDisconnected();
    }
  };
  const connection: RendererConnection = core.connectRenderer(sink);
  const attached = await connection.invoke('sip:attach', { accountId });
  if (!attached.ok) throw new Error(`sip:attach failed: ${attached.error.message}`);
  const config = attached.value as CallAgentConfig;
  const options: UserAgentOptions = {
    ...buildCallAgentOptions(config, {
      pipe: {
        isConnected: () => isConnected,
        whenConnected: async () => {
          if (!isConnected) throw new Error('not connected');
        },
        send: async (message: string) => {
          const sent = await connection.invoke('sip:send', { accountId, message });
          if (!sent.ok) throw new Error(sent.error.message);
        },
      },
      onTransportCreated: (created) => (transport = created),
      iceServers: () => [],
      onInvite: (invitation) => {
        const call: StandInCall = { callId: invitation.request.callId, from: invitation.remoteIdentity.uri.toString(), answered: false };
        calls.push(call);
        invitation.accept().then(
          () => (call.answered = true),
          () => undefined,
        );
      },
    }),
    sessionDescriptionHandlerFactory: () => new CannedSessionDescriptionHandler(),
  };
  const userAgent = new UserAgent(options);
  await userAgent.start();
  const ready = await connection.invoke('sip:ready', { accountId });
  if (!ready.ok) throw new Error(`sip:ready failed: ${ready.error.message}`);
  return {
    calls,
    async close() {
      await userAgent.stop().catch(() => undefined);
      connection.close();
    },
  };
}
