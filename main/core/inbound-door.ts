/**
 * The one door for everything an account's server sends.
 *
 * @remarks
 * Each message is parsed once here, then: a malformed request is answered
 * 400 (416 for a Request-URI scheme we do not speak, RFC 4475 "unkscm") when
 * it can be answered at all; one of our reachability probes is answered 200
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
import { buildStatelessResponse, isAnswerable, isRequest, malformedRequestStatus, parseSipMessage, type ParsedMessage, type ParsedResponse } from './sip-message';

export interface InboundDoorDelegate {
  /** One of our probes came back on `epoch` (it has been answered 200). */
  onProbeArrived(epoch: AccountEpoch, token: string): void;
  /** An answer to one of main's REGISTERs, just before main's sip.js agent gets it. */
  onRegisterResponse(epoch: AccountEpoch, response: ParsedResponse): void;
  /** A message for the renderer's call agent, with its parse. */
  toRenderer(text: string, message: ParsedMessage): void;
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
    const message = parseSipMessage(text);
    if (!message) {
      this.log.warn(`account ${this.accountId}: dropped a message that is not SIP`);
      return;
    }
    if (isRequest(message)) {
      const malformed = malformedRequestStatus(message);
      if (malformed) {
        this.log.warn(`account ${this.accountId}: answered a malformed ${message.method ?? 'request'} with ${malformed}`);
        if (message.method !== 'ACK' && isAnswerable(message)) {
          epoch.connection.send(buildStatelessResponse(message, malformed, malformed === 416 ? 'Unsupported URI Scheme' : 'Bad Request'));
        }
        return;
      }
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
}
