/**
 * Decides which of an account's two user agents gets each incoming message.
 *
 * @remarks
 * main's registration agent and the renderer's call agent share one
 * WebSocket. The rules (see ARCHITECTURE.md, "The SIP tunnel"):
 * - responses go to the agent whose Via host is on top;
 * - requests on a Call-ID main's agent has sent on (its REGISTER, OPTIONS,
 *   and the ACK of a reply it sent) go to main;
 * - out-of-dialog OPTIONS go to main, which answers them itself;
 * - everything else (INVITE, CANCEL, BYE, in-dialog requests …) goes to the
 *   renderer.
 */
import { callIdOf, isRequest, type ParsedMessage } from './sip-message';

export type Destination = 'main' | 'renderer' | 'drop';

const REMEMBERED_CALL_IDS = 256;

export class MessageRouter {
  private readonly mainCallIds = new Set<string>();

  constructor(
    private readonly mainViaHost: string,
    private readonly rendererViaHost: string,
  ) {}

  /** Remembers the Call-ID of a message main's agent is sending. */
  noteSentByMain(text: string): void {
    const callId = callIdOf(text);
    if (callId) this.rememberMainCallId(callId);
  }

  rememberMainCallId(callId: string): void {
    if (this.mainCallIds.has(callId)) return;
    this.mainCallIds.add(callId);
    if (this.mainCallIds.size > REMEMBERED_CALL_IDS) {
      const oldest = this.mainCallIds.values().next().value;
      if (oldest !== undefined) this.mainCallIds.delete(oldest);
    }
  }

  route(message: ParsedMessage): Destination {
    if (!isRequest(message)) {
      const viaHost = message.via?.host;
      if (viaHost === this.mainViaHost) return 'main';
      if (viaHost === this.rendererViaHost) return 'renderer';
      return 'drop';
    }
    if (this.mainCallIds.has(message.callId)) return 'main';
    if (message.method === 'OPTIONS' && !message.toTag) return 'main';
    return 'renderer';
  }
}
