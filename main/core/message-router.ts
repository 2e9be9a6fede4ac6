/**
 * Decides which of an account's two user agents gets each incoming message.
 *
 * @remarks
 * main's registration agent and the renderer's call agent share one
 * connection. The rules (see ARCHITECTURE.md, "Routing by what main owns"):
 * - responses go to the agent whose Via host is on top;
 * - requests on a dialog or transaction main owns ({@link MainOwnedDialogs}:
 *   its REGISTER, its probes, the ACK of a reply it sent) go to main;
 * - out-of-dialog OPTIONS go to main, which answers them itself;
 * - out-of-dialog MESSAGE (chat, RFC 3428) goes to main, which keeps the
 *   history and notifies, so a message arrives with the window closed;
 * - out-of-dialog NOTIFY of `message-summary` (voicemail waiting, sent by
 *   servers without a subscription) goes to main, which keeps the counts;
 * - everything else (INVITE, CANCEL, BYE, in-dialog requests …) goes to the
 *   renderer relay.
 */
import { MESSAGE_SUMMARY_EVENT } from '../../app/sip/message-summary';
import { MainOwnedDialogs } from './main-owned-dialogs';
import { isRequest, type ParsedMessage } from './sip-message';

function isMessageSummary(event: string | undefined): boolean {
  return event !== undefined && event.split(';')[0]!.trim().toLowerCase() === MESSAGE_SUMMARY_EVENT;
}

export type Destination = 'main' | 'renderer' | 'drop';

export class MessageRouter {
  constructor(
    private readonly mainViaHost: string,
    private readonly rendererViaHost: string,
    readonly owned: MainOwnedDialogs = new MainOwnedDialogs(),
  ) {}

  route(message: ParsedMessage): Destination {
    if (!isRequest(message)) return this.routeResponse(message.via?.host);
    if (this.owned.owns(message.callId)) return 'main';
    if ((message.method === 'OPTIONS' || message.method === 'MESSAGE') && !message.toTag) return 'main';
    if (message.method === 'NOTIFY' && !message.toTag && isMessageSummary(message.getHeader('Event'))) return 'main';
    return 'renderer';
  }

  /** A response goes to the agent whose Via host is on top. */
  routeResponse(topViaHost: string | undefined): Destination {
    if (topViaHost === this.mainViaHost) return 'main';
    if (topViaHost === this.rendererViaHost) return 'renderer';
    return 'drop';
  }
}
