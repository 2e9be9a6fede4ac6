/**
 * The session description handler of every call: sip.js's own, plus an
 * answer that can be prepared while an incoming call rings.
 *
 * @remarks
 * While it rings, {@link AnswerReadyHandler.prepareAnswer} applies the
 * caller's offer to a new peer connection and creates the answer, and the
 * connection's candidate pool gathers ICE candidates. Nothing reaches the
 * caller: the answer is not applied (that would start connectivity checks
 * towards the caller's candidates) and the microphone is not opened.
 *
 * On Answer, sip.js asks for the answer: the prepared one is applied, the
 * pooled candidates complete it at once, and the 200 OK leaves without
 * waiting for the microphone, which opens right after it. Its track joins
 * the already negotiated sender (`replaceTrack` needs no new offer);
 * {@link AnswerReadyHandler.microphone} says when, or why not.
 *
 * A call that stops ringing (cancelled, declined, timed out) is disposed of
 * by sip.js, which closes this handler and with it the prepared connection.
 */
import { Invitation, Web, type SessionDescriptionHandlerFactory } from 'sip.js';

interface PreparedAnswer {
  /** The INVITE's body the answer was made for. */
  readonly offer: string;
  readonly answer: Promise<RTCSessionDescriptionInit>;
}

type SdhOptions = Web.SessionDescriptionHandlerOptions;
type SdhModifiers = Parameters<Web.SessionDescriptionHandler['getDescription']>[1];
type BodyAndContentType = Awaited<ReturnType<Web.SessionDescriptionHandler['getDescription']>>;

export class AnswerReadyHandler extends Web.SessionDescriptionHandler {
  private prepared: PreparedAnswer | undefined;
  protected microphoneAttach: Promise<void> | undefined;
  protected isClosed = false;

  /**
   * While the call rings: applies `offer` and creates the answer (no
   * microphone, nothing sent). Resolves once ready; rejects if the offer
   * cannot be answered, in which case answering does it all again on Answer.
   */
  prepareAnswer(offer: string, options: SdhOptions): Promise<void> {
    const answer = (async () => {
      await this.setRemoteSessionDescription({ type: 'offer', sdp: offer });
      await this.updateDirection(options);
      return this.createLocalOfferOrAnswer(options);
    })();
    this.prepared = { offer, answer };
    return answer.then(() => undefined);
  }

  /**
   * The microphone of an answer sent before it opened: resolves once its
   * track is in the call, rejects if it could not be opened. Undefined when
   * the answer waited for the microphone, as sip.js always does.
   */
  get microphone(): Promise<void> | undefined {
    return this.microphoneAttach;
  }

  override setDescription(sdp: string, options?: SdhOptions, modifiers?: SdhModifiers): Promise<void> {
    const prepared = this.prepared;
    if (!prepared || prepared.offer !== sdp || modifiers?.length) return super.setDescription(sdp, options, modifiers);
    return prepared.answer.then(
      () => undefined,
      () => {
        // Answered the ordinary way from where the preparation stopped.
        this.prepared = undefined;
        if (this.peerConnection?.signalingState === 'have-remote-offer') return this.getLocalMediaStream(options);
        return super.setDescription(sdp, options, modifiers);
      },
    );
  }

  override getDescription(options?: SdhOptions, modifiers?: SdhModifiers): Promise<BodyAndContentType> {
    const prepared = this.prepared;
    if (!prepared || modifiers?.length || this.peerConnection?.signalingState !== 'have-remote-offer') return super.getDescription(options, modifiers);
    this.prepared = undefined;
    return this.sendPreparedAnswer(prepared, options);
  }

  override close(): void {
    this.isClosed = true;
    this.prepared = undefined;
    super.close();
  }

  private async sendPreparedAnswer(prepared: PreparedAnswer, options: SdhOptions | undefined): Promise<BodyAndContentType> {
    const answer = await prepared.answer;
    // The microphone opens in the task after the one that hands the 200 OK
    // to the transport: opening a device is heavy, and nothing can be heard
    // before ICE and DTLS are through anyway, which the 200 starts.
    let openMicrophone: () => void = () => undefined;
    this.microphoneAttach = new Promise<void>((resolve) => (openMicrophone = resolve)).then(() => this.attachMicrophone(options));
    // Whoever answers reads the outcome from `microphone`; this only keeps an unread failure from being reported as unhandled.
    this.microphoneAttach.catch(() => undefined);
    await this.setLocalSessionDescription(answer);
    await this.waitForIceGatheringComplete(false, options?.iceGatheringTimeout ?? this.sessionDescriptionHandlerConfiguration?.iceGatheringTimeout);
    const description = await this.getLocalSessionDescription();
    setTimeout(openMicrophone, 0);
    return { body: description.sdp, contentType: 'application/sdp' };
  }

  /** Opens the microphone and puts its track on the negotiated audio sender, disabled: whoever answered applies the call's mute and hold. */
  protected async attachMicrophone(options: SdhOptions | undefined): Promise<void> {
    if (this.isClosed) return; // ended in the moment after the 200 OK: no reason to open the device
    const constraints = { ...options?.constraints };
    if (constraints.audio === undefined && constraints.video === undefined) constraints.audio = true;
    const stream = await this.mediaStreamFactory(constraints, this, options);
    const [track] = stream.getAudioTracks();
    const sender = this.peerConnection?.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === 'audio')?.sender;
    if (this.isClosed || !track || !sender) {
      for (const unused of stream.getTracks()) unused.stop();
      if (this.isClosed) return;
      throw new Error(track ? 'the call has no audio to send the microphone on' : 'the microphone gave no audio track');
    }
    track.enabled = false;
    await sender.replaceTrack(track);
    this.localMediaStream.addTrack(track);
    // sip.js compares these on the next offer or answer (hold, resume) and keeps the track when they match.
    (this as unknown as { localMediaStreamConstraints: MediaStreamConstraints }).localMediaStreamConstraints = constraints;
  }
}

/**
 * sip.js's default factory (its peer connection defaults, then ours), making
 * {@link AnswerReadyHandler}s. Incoming calls' connections keep a pool of ICE
 * candidates, gathered from the moment they ring.
 */
export function answerReadyHandlerFactory(): SessionDescriptionHandlerFactory {
  const mediaStreamFactory = Web.defaultMediaStreamFactory();
  return (session, options?: Web.SessionDescriptionHandlerFactoryOptions) => {
    const configuration: Web.SessionDescriptionHandlerConfiguration = {
      iceGatheringTimeout: options?.iceGatheringTimeout ?? 5_000,
      peerConnectionConfiguration: {
        ...Web.defaultPeerConnectionConfiguration(),
        ...options?.peerConnectionConfiguration,
        ...(session instanceof Invitation ? { iceCandidatePoolSize: 1 } : {}),
      },
    };
    return new AnswerReadyHandler(session.userAgent.getLogger('sip.SessionDescriptionHandler'), mediaStreamFactory, configuration);
  };
}
