/**
 * A local conference mixed in the renderer with Web Audio: each party is
 * sent our microphone plus what every other party says, and we hear every
 * party through its own call's <audio> element (nothing to mix for us).
 *
 * ```
 *   mic(A) ─┐                      mic(B) ─┐
 *   remote(B) ─► destination(A) ─► A's sender    remote(A) ─► destination(B) ─► B's sender
 * ```
 * @remarks
 * Senders get the mixed track with RTCRtpSender.replaceTrack, so no
 * renegotiation is needed; the microphone track stays the call's own, so
 * muting it (track.enabled) still silences us in the mix, and splitting puts
 * it back on the sender.
 */
export interface ConferenceLeg {
  readonly callId: string;
  readonly peerConnection: RTCPeerConnection;
  /** The call's own microphone track, as getUserMedia gave it. */
  readonly microphone: MediaStreamTrack;
  /** What this party sends us. */
  readonly remote: MediaStream;
}

interface MixedLeg {
  readonly leg: ConferenceLeg;
  readonly sender: RTCRtpSender;
  readonly microphoneSource: MediaStreamAudioSourceNode;
  readonly remoteSource: MediaStreamAudioSourceNode;
  readonly destination: MediaStreamAudioDestinationNode;
}

export class ConferenceMixer {
  private context: AudioContext | undefined;
  private mixed: MixedLeg[] = [];

  get callIds(): readonly string[] {
    return this.mixed.map((entry) => entry.leg.callId);
  }

  has(callId: string): boolean {
    return this.mixed.some((entry) => entry.leg.callId === callId);
  }

  /** Mixes `legs` (two or more); any conference already mixed is split first. */
  async merge(legs: readonly ConferenceLeg[]): Promise<void> {
    if (legs.length < 2) throw new Error('A conference needs at least two calls.');
    await this.split();
    const context = (this.context ??= new AudioContext());
    await context.resume().catch(() => undefined);
    const mixed = legs.map((leg) => {
      const sender = leg.peerConnection.getSenders().find((candidate) => candidate.track?.kind === 'audio');
      if (!sender) throw new Error('This call sends no audio to mix.');
      return {
        leg,
        sender,
        microphoneSource: context.createMediaStreamSource(new MediaStream([leg.microphone])),
        remoteSource: context.createMediaStreamSource(leg.remote),
        destination: context.createMediaStreamDestination(),
      };
    });
    for (const entry of mixed) {
      entry.microphoneSource.connect(entry.destination);
      for (const other of mixed) if (other !== entry) other.remoteSource.connect(entry.destination);
    }
    this.mixed = mixed;
    await Promise.all(mixed.map((entry) => entry.sender.replaceTrack(entry.destination.stream.getAudioTracks()[0] ?? null)));
  }

  /** Gives every call its own microphone back and releases the mix. */
  async split(): Promise<void> {
    const mixed = this.mixed;
    this.mixed = [];
    await Promise.all(
      mixed.map(async (entry) => {
        if (entry.leg.peerConnection.connectionState !== 'closed') {
          await entry.sender.replaceTrack(entry.leg.microphone).catch(() => undefined);
        }
        entry.microphoneSource.disconnect();
        entry.remoteSource.disconnect();
        for (const track of entry.destination.stream.getTracks()) track.stop();
      }),
    );
  }
}
