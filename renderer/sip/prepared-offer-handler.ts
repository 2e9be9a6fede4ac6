/**
 * The session description handler of an outgoing call that took a prepared
 * leg (prepared-outgoing-leg.ts): the INVITE carries the leg's offer at once,
 * and the microphone opens after it left.
 *
 * @remarks
 * sip.js's handler makes its peer connection in its constructor; this one is
 * constructed with the leg's connection standing in for that new one
 * ({@link withConnectionForNextHandler}). The first offer sip.js asks for is
 * the leg's, already gathered; everything after it (the answer, hold, resume,
 * ICE restarts) is sip.js's own handling of that connection.
 *
 * The microphone opens by the answer side's rule (the far end's first
 * audio, the media path up, or 400 ms after the INVITE, whichever is
 * first), and its track joins the audio sender by `replaceTrack`, no
 * renegotiation ({@link AnswerReadyHandler.microphone} says when, or why
 * not). A callee that rings for a while finds the microphone open when it
 * answers; one that answers at once (an IVR, voicemail) is not kept
 * waiting: opening the device right after the INVITE took the renderer's
 * time just when the 200 OK and the first packets came (the bench's
 * INVITE → 200 went from 0.9 to 1.6 times bare sip.js's).
 */
import { Inviter, Web, type SessionDescriptionHandlerFactory } from 'sip.js';
import { AnswerReadyHandler, answerReadyHandlerFactory } from './answer-ready-handler';
import type { PreparedLeg } from './prepared-outgoing-leg';

type SdhOptions = Web.SessionDescriptionHandlerOptions;
type SdhModifiers = Parameters<Web.SessionDescriptionHandler['getDescription']>[1];
type BodyAndContentType = Awaited<ReturnType<Web.SessionDescriptionHandler['getDescription']>>;

export class PreparedOfferHandler extends AnswerReadyHandler {
  private preparedOffer: string | undefined;

  /** Construct it through {@link withConnectionForNextHandler}: the handler's connection is then the leg's. */
  constructor(logger: ConstructorParameters<typeof Web.SessionDescriptionHandler>[0], mediaStreamFactory: Web.MediaStreamFactory, iceGatheringTimeout: number, leg: PreparedLeg) {
    super(logger, mediaStreamFactory, { iceGatheringTimeout, peerConnectionConfiguration: leg.configuration });
    this.preparedOffer = leg.connection.localDescription?.sdp;
    this.releaseLeg = leg.release;
    leg.connection.addEventListener('connectionstatechange', () => {
      if (leg.connection.connectionState !== 'new' && leg.connection.connectionState !== 'connecting') this.releaseLeg();
    });
  }

  private readonly releaseLeg: () => void;
  /** From the INVITE until the microphone opened (or could not). */
  private isMicrophonePending = false;

  /**
   * The answer to the prepared offer, applied without asking for the
   * microphone when it has not opened yet: sip.js's own handler would open
   * it here, before applying the answer, and the microphone opening after
   * the INVITE would then be a second one.
   */
  override setDescription(sdp: string, options?: SdhOptions, modifiers?: SdhModifiers): Promise<void> {
    if (!this.isMicrophonePending || this.peerConnection?.signalingState !== 'have-local-offer') return super.setDescription(sdp, options, modifiers);
    return this.applyModifiers({ sdp, type: 'answer' }, modifiers).then((answer) => this.setRemoteSessionDescription(answer));
  }

  override close(): void {
    this.releaseLeg();
    super.close();
  }

  override getDescription(options?: SdhOptions, modifiers?: SdhModifiers): Promise<BodyAndContentType> {
    const offer = this.preparedOffer;
    this.preparedOffer = undefined;
    const isPlainFirstOffer = offer !== undefined && !modifiers?.length && !options?.offerOptions?.iceRestart && !options?.hold;
    if (!isPlainFirstOffer || this.peerConnection?.signalingState !== 'have-local-offer') {
      if (offer === undefined || this.peerConnection?.signalingState !== 'have-local-offer') return super.getDescription(options, modifiers);
      // An offer the prepared one does not fit: sip.js makes it from a stable connection, as for any call.
      return this.peerConnection.setLocalDescription({ type: 'rollback' }).then(() => super.getDescription(options, modifiers));
    }
    let openMicrophone: () => void = () => undefined;
    this.isMicrophonePending = true;
    this.microphoneAttach = new Promise<void>((resolve) => (openMicrophone = resolve))
      .then(() => this.attachMicrophone(options))
      .finally(() => (this.isMicrophonePending = false));
    // Whoever placed the call reads the outcome from `microphone`; this only keeps an unread failure from being reported as unhandled.
    this.microphoneAttach.catch(() => undefined);
    void this.mediaPathUp().then(openMicrophone);
    return Promise.resolve({ body: offer, contentType: 'application/sdp' });
  }
}

/**
 * The handlers of every call: an outgoing call that finds a prepared leg
 * ready gets a {@link PreparedOfferHandler}; every other session sip.js's
 * own handler, able to prepare an answer ({@link answerReadyHandlerFactory}).
 */
export function callHandlerFactory(takePreparedLeg: () => PreparedLeg | undefined): SessionDescriptionHandlerFactory {
  const answerReady = answerReadyHandlerFactory();
  const mediaStreamFactory = Web.defaultMediaStreamFactory();
  return (session, options?: Web.SessionDescriptionHandlerFactoryOptions) => {
    const leg = session instanceof Inviter ? takePreparedLeg() : undefined;
    if (!leg) return answerReady(session, options);
    const logger = session.userAgent.getLogger('sip.SessionDescriptionHandler');
    return withConnectionForNextHandler(leg.connection, () => new PreparedOfferHandler(logger, mediaStreamFactory, options?.iceGatheringTimeout ?? 5_000, leg));
  };
}

/**
 * Runs `construct` with `new RTCPeerConnection(…)` giving `connection`, so
 * the handler sip.js's constructor builds gets the leg's connection instead
 * of a new one. Making a connection only to close it cost 2–3 ms of every
 * call's way to its INVITE, and closing it 7 ms of the first call's setup.
 * Synchronous: nothing else can run while the stand-in is in place.
 */
function withConnectionForNextHandler<T>(connection: RTCPeerConnection, construct: () => T): T {
  const ownConstructor = globalThis.RTCPeerConnection;
  // A constructor that returns an object makes `new` give that object.
  globalThis.RTCPeerConnection = function existingConnection() {
    return connection;
  } as unknown as typeof RTCPeerConnection;
  try {
    return construct();
  } finally {
    globalThis.RTCPeerConnection = ownConstructor;
  }
}
