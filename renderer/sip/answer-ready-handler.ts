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
 * waiting for the microphone. The microphone opens once the caller's audio
 * arrives (or the connection is up, or a short deadline passed): opening the
 * device keeps the renderer busy for tens of milliseconds, and doing it
 * while ICE, DTLS and the first packets are under way held back the moment
 * the caller is heard (measured in the bench's answer section). Nothing the
 * microphone captures could reach the caller before then anyway. Its track
 * joins the already negotiated sender (`replaceTrack` needs no new offer);
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

/** After ICE and DTLS are up the far end's audio comes within a packet time or two; a far end that sends none is not waited for longer. */
const CONNECTED_GRACE_MS = 40;
/** Latest moment after our 200 OK (or INVITE, for a call we place) the microphone opens, whatever the network is doing. */
const MICROPHONE_LATEST_MS = 400;

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
    // The microphone opens after the 200 OK is out and the media path is up
    // (see the class's remarks).
    let openMicrophone: () => void = () => undefined;
    this.microphoneAttach = new Promise<void>((resolve) => (openMicrophone = resolve)).then(() => this.attachMicrophone(options));
    // Whoever answers reads the outcome from `microphone`; this only keeps an unread failure from being reported as unhandled.
    this.microphoneAttach.catch(() => undefined);
    await this.setLocalSessionDescription(answer);
    await this.waitForIceGatheringComplete(false, options?.iceGatheringTimeout ?? this.sessionDescriptionHandlerConfiguration?.iceGatheringTimeout);
    const description = await this.getLocalSessionDescription();
    void this.mediaPathUp().then(openMicrophone);
    return { body: description.sdp, contentType: 'application/sdp' };
  }

  /**
   * Resolves at the first of: the far end's first audio packet (Chromium
   * unmutes a remote track on it), {@link CONNECTED_GRACE_MS} after ICE and
   * DTLS are up, the connection failing or closing, or
   * {@link MICROPHONE_LATEST_MS}.
   */
  protected mediaPathUp(): Promise<void> {
    const connection = this.peerConnection;
    const remoteAudio = connection?.getReceivers().find((receiver) => receiver.track.kind === 'audio')?.track;
    if (!connection || !remoteAudio || !remoteAudio.muted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timers: ReturnType<typeof setTimeout>[] = [];
      const done = () => {
        timers.forEach(clearTimeout);
        remoteAudio.removeEventListener('unmute', done);
        connection.removeEventListener('connectionstatechange', onStateChange);
        resolve();
      };
      const onStateChange = () => {
        const state = connection.connectionState;
        if (state === 'connected') timers.push(setTimeout(done, CONNECTED_GRACE_MS));
        else if (state === 'failed' || state === 'closed') done();
      };
      remoteAudio.addEventListener('unmute', done);
      connection.addEventListener('connectionstatechange', onStateChange);
      timers.push(setTimeout(done, MICROPHONE_LATEST_MS));
      onStateChange();
    });
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
