/**
 * The one door for everything an account's server sends.
 *
 * @remarks
 * Each message is parsed once here, then: a malformed request (even one
 * sip.js cannot parse) gets the stateless answer `answerMalformedRequest`
 * decides (400, 416, 420, 505), or is dropped when it cannot be answered; one of our reachability probes is answered 200
 * and reported (sip.js would see its own request and answer 482); a 401/407
 * teaches {@link ChallengeRealms}; the rest goes where {@link MessageRouter}
 * says. Nothing from the wire throws past {@link InboundDoor.receive}: the
 * connection keeps working whatever arrives.
 */
import { describeError } from '../../app/result';
import type { AccountEpoch } from './account-epoch';
import type { ChallengeRealms } from './challenge-realms';
import type { Logger } from './logger';
import type { MessageRouter } from './message-router';
import { ReachabilityProbe } from './reachability-probe';
import { buildStatelessResponse, isRequest, parseSipMessage, summarizeRelayedResponse, topViaHostOf, type ParsedMessage, type ParsedResponse, type RelayedResponse } from './sip-message';
import { answerMalformedRequest } from './sip-request-check';

export interface InboundDoorDelegate {
  /** One of our probes came back on `epoch` (it has been answered 200). */
  onProbeArrived(epoch: AccountEpoch, token: string): void;
  /** An answer to one of main's REGISTERs, just before main's sip.js agent gets it. */
  onRegisterResponse(epoch: AccountEpoch, response: ParsedResponse): void;
  /** A message for the renderer's call agent, with its parse (or, for most responses, its scan). */
  toRenderer(text: string, message: ParsedMessage | RelayedResponse): void;
}

export class InboundDoor {
  constructor(
    private readonly accountId: string,
    private readonly router: MessageRouter,
    private readonly realms: ChallengeRealms,
    private readonly delegate: InboundDoorDelegate,
    private readonly log: Logger,
  ) {}

  /** Takes one message from `epoch`'s connection; never throws. */
  receive(epoch: AccountEpoch, text: string): void {
    if (epoch.hasEnded) return;
    try {
      this.handle(epoch, text);
    } catch (error) {
      this.log.warn(`account ${this.accountId}: a message from the server could not be handled: ${describeError(error)}`);
    }
  }

  private handle(epoch: AccountEpoch, text: string): void {
    if (this.relayUnparsed(text)) return;
    const message = parseSipMessage(text);
    const malformed = answerMalformedRequest(text, message);
    if (malformed) {
      this.log.warn(`account ${this.accountId}: refused a malformed request with ${malformed.statusCode} ${malformed.reasonPhrase}${malformed.response ? '' : ' (unanswerable: dropped)'}`);
      if (malformed.response) epoch.connection.send(malformed.response);
      return;
    }
    if (!message) {
      this.log.warn(`account ${this.accountId}: dropped a message that is not SIP`);
      return;
    }
    if (isRequest(message)) {
      const probeToken = ReachabilityProbe.tokenOf(message);
      if (probeToken !== undefined) {
        epoch.connection.send(buildStatelessResponse(message, 200, 'OK'));
        this.delegate.onProbeArrived(epoch, probeToken);
        return;
      }
    } else {
      this.realms.note(message);
    }
    switch (this.router.route(message)) {
      case 'main':
        if (!isRequest(message) && message.method === 'REGISTER') this.delegate.onRegisterResponse(epoch, message);
        epoch.transport.receive(text);
        return;
      case 'renderer':
        this.delegate.toRenderer(text, message);
        return;
      case 'drop':
        return;
    }
  }

  /**
   * A response for the renderer's agent goes on after a scan of its header
   * section: the renderer's sip.js parses it anyway, and a second full parse
   * here cost more than the rest of the relay (see DESIGN.md, "Where a call's
   * time goes"). Requests and responses for main are parsed in full and checked.
   */
  private relayUnparsed(text: string): boolean {
    const response = summarizeRelayedResponse(text);
    if (!response || this.router.routeResponse(topViaHostOf(text)) !== 'renderer') return false;
    this.realms.noteRaw(text);
    this.delegate.toRenderer(text, response);
    return true;
  }
}
