/**
 * The one place that builds the options of the renderer's call-only
 * UserAgent, and sets the digest key sip.js answers the next challenge with.
 */
import { SIPExtension, UserAgent, type Invitation, type UserAgentOptions } from 'sip.js';
import type { CallAgentConfig } from '../../app/ipc-contract';
import { displayNameForWire } from '../../app/sip/display-name';
import { PipeTransport, type SipPipe } from '../../app/sip/pipe-transport';
import { callHandlerFactory } from './prepared-offer-handler';
import type { PreparedLeg } from './prepared-outgoing-leg';

/** What the agent is connected to in this window: main's tunnel, the ICE setting and the incoming-call handler. */
export interface CallAgentWiring {
  readonly pipe: SipPipe;
  /** Receives the transport sip.js creates, so the hub can feed it. */
  readonly onTransportCreated: (transport: PipeTransport) => void;
  /** STUN/TURN servers, read at the start of every call (the setting may change). */
  readonly iceServers: () => RTCIceServer[];
  /** The DTLS certificate of the next call's peer connection, made ahead of time; undefined lets the browser make one. */
  readonly certificates: () => RTCCertificate[] | undefined;
  /** The outgoing leg prepared while idle, taken by the call about to be placed; undefined when none is ready. */
  readonly takePreparedLeg: () => PreparedLeg | undefined;
  readonly onInvite: (invitation: Invitation) => void;
}

/** The call-only agent of one account: main's config, the display name made safe for the wire, and no key until a challenge asks for one. */
export function buildCallAgentOptions(config: CallAgentConfig, wiring: CallAgentWiring): UserAgentOptions {
  return {
    uri: UserAgent.makeURI(config.aor),
    displayName: displayNameForWire(config.displayName),
    authorizationUsername: config.authorizationUsername,
    // Set per challenge by setDigestKey, once main gave the key of the realm that challenged.
    authorizationHa1: '',
    viaHost: config.viaHost,
    reconnectionAttempts: 0,
    logBuiltinEnabled: false,
    userAgentString: 'Softphone/0.1 (sip.js)',
    transportConstructor: PipeTransport,
    transportOptions: { pipe: wiring.pipe, onCreated: wiring.onTransportCreated },
    // sip.js's handler, able to prepare an incoming call's answer while it rings, or to send a prepared offer.
    sessionDescriptionHandlerFactory: callHandlerFactory(wiring.takePreparedLeg),
    sessionDescriptionHandlerFactoryOptions: {
      // sip.js defaults to a public STUN server; only use what the user configured.
      // A getter: sip.js copies this object for every new call, so each call gets the current setting.
      peerConnectionConfiguration: {
        get iceServers() {
          return wiring.iceServers();
        },
        get certificates() {
          return wiring.certificates();
        },
      },
      iceGatheringTimeout: 1_000,
    },
    // Lets an attended transfer's INVITE with Replaces take over one of our calls (RFC 3891).
    sipExtensionReplaces: SIPExtension.Supported,
    delegate: { onInvite: wiring.onInvite },
  };
}

/**
 * sip.js builds a request's DigestAuthentication from the agent's live
 * options when the first challenge to that request arrives
 * (`authenticationFactory` in sip.js's user-agent.js), so a key set just
 * before a 401/407 is delivered answers exactly that challenge.
 */
export function setDigestKey(userAgent: UserAgent, ha1: string): void {
  (userAgent.configuration as { authorizationHa1: string }).authorizationHa1 = ha1;
}
