/**
 * One outgoing call leg kept ready while the window is idle, so the INVITE
 * leaves the moment Call is clicked.
 *
 * @remarks
 * A leg is a peer connection with one send-and-receive audio transceiver and
 * no track: its offer is made and applied and its ICE candidates gathered
 * (host ones, plus what the user's STUN/TURN servers give). What a call
 * would otherwise wait for between the click and the INVITE, the
 * microphone, the offer and ICE gathering, is then done: the microphone
 * opens after the INVITE left and joins through `replaceTrack`
 * (see prepared-offer-handler.ts). The microphone is never held open while
 * idle: the leg has no track until a call takes it.
 *
 * A leg carries one call only. Its DTLS certificate is the warm-up's spare
 * (call-warm-up.ts), so each leg has its own fingerprint, and each peer
 * connection its own ICE credentials: no peer can link two calls by them.
 *
 * Going stale (outgoing-leg-freshness.ts): the network changed (`online`),
 * the STUN/TURN servers changed, it gathered no candidate, or it is a few
 * minutes old. A stale leg is closed and made again; a call never waits for
 * that, it is placed as without a prepared leg. After a call took the leg,
 * the next one is made a second after that call's media is through (or it
 * ended), so making it never competes with the call's own setup.
 */
import { Web } from 'sip.js';
import { iceServersKey, staleLegReason, type PreparedLegFacts } from './outgoing-leg-freshness';

/** A leg a call takes over: its connection holds its own offer, gathered. */
export interface PreparedLeg {
  readonly connection: RTCPeerConnection;
  /** The configuration it was made with (its certificate included). */
  readonly configuration: RTCConfiguration;
  /** Called once by the call that took it, when its media is through (connected, failed, or the call ended): the next leg is made then. */
  readonly release: () => void;
}

/** What the legs are made of, read each time one is made. */
export interface PreparedLegParts {
  /** STUN/TURN servers as set now. */
  readonly iceServers: () => RTCIceServer[];
  /** The DTLS certificate of the next peer connection; undefined lets the browser make one. */
  readonly certificates: () => RTCCertificate[] | undefined;
}

/** As long as sip.js waits for gathering when it makes an offer itself (user-agent-options.ts): the leg is no worse than a call's own. */
const GATHERING_LIMIT_MS = 1_000;
/**
 * After the call that took the leg has its media through (or ended): its
 * first audio is not competed with, and a quick redial finds a leg. When
 * earlier than the warm-up's next spare certificate, the browser makes this
 * leg's certificate itself.
 */
const NEXT_LEG_DELAY_MS = 1_000;
/** How often a leg waiting for a call is looked at (age, servers). */
const CHECK_EVERY_MS = 60_000;

interface LegInWaiting extends Omit<PreparedLeg, 'release'> {
  readonly facts: () => PreparedLegFacts;
}

export class PreparedOutgoingLegs {
  private leg: LegInWaiting | undefined;
  private making: Promise<void> | undefined;
  private networkEpoch = 0;
  private nextLegTimer: ReturnType<typeof setTimeout> | undefined;
  private checkTimer: ReturnType<typeof setInterval> | undefined;
  private readonly onOnline = () => {
    this.networkEpoch += 1;
    this.refreshSoon(0);
  };

  constructor(
    private readonly parts: PreparedLegParts,
    private readonly now: () => number = Date.now,
  ) {}

  /** Makes the first leg and keeps one ready from now on; later calls do nothing. */
  start(): Promise<void> {
    if (this.checkTimer === undefined) {
      this.checkTimer = setInterval(() => this.dropIfStale(), CHECK_EVERY_MS);
      globalThis.addEventListener?.('online', this.onOnline);
    }
    return this.makeLeg();
  }

  /**
   * The ready leg for a call starting now, or undefined (none ready, or it
   * went stale: the call then builds its own, as without a prepared leg).
   * Either way the next leg is made a moment later.
   */
  take(): PreparedLeg | undefined {
    const leg = this.leg;
    this.leg = undefined;
    const isFresh = leg !== undefined && staleLegReason(leg.facts(), this.context()) === undefined;
    if (leg && isFresh) {
      let isReleased = false;
      const release = () => {
        if (isReleased) return;
        isReleased = true;
        if (this.checkTimer !== undefined) this.refreshSoon(NEXT_LEG_DELAY_MS);
      };
      return { connection: leg.connection, configuration: leg.configuration, release };
    }
    leg?.connection.close();
    if (this.checkTimer !== undefined) this.refreshSoon(NEXT_LEG_DELAY_MS);
    return undefined;
  }

  /** Closes the ready leg and makes no more. */
  stop(): void {
    clearInterval(this.checkTimer);
    clearTimeout(this.nextLegTimer);
    this.checkTimer = undefined;
    globalThis.removeEventListener?.('online', this.onOnline);
    this.leg?.connection.close();
    this.leg = undefined;
  }

  private context() {
    return { now: this.now(), iceServersKey: iceServersKey(this.parts.iceServers()), networkEpoch: this.networkEpoch };
  }

  private dropIfStale(): void {
    const leg = this.leg;
    if (!leg || staleLegReason(leg.facts(), this.context()) === undefined) return;
    this.leg = undefined;
    leg.connection.close();
    void this.makeLeg();
  }

  private refreshSoon(delayMs: number): void {
    clearTimeout(this.nextLegTimer);
    this.nextLegTimer = setTimeout(() => {
      this.leg?.connection.close();
      this.leg = undefined;
      void this.makeLeg();
    }, delayMs);
  }

  private makeLeg(): Promise<void> {
    if (this.making) return this.making;
    this.making = (async () => {
      const epoch = this.networkEpoch;
      const leg = await prepareLeg(this.parts, epoch, this.now).catch((error: unknown) => {
        console.warn(`outgoing leg not prepared: ${String(error)}`);
        return undefined;
      });
      if (!leg) return;
      // Stopped, or the network changed while it gathered: a later one follows.
      if (this.checkTimer === undefined || epoch !== this.networkEpoch) {
        leg.connection.close();
        if (this.checkTimer !== undefined) this.refreshSoon(0);
        return;
      }
      this.leg?.connection.close();
      this.leg = leg;
    })().finally(() => (this.making = undefined));
    return this.making;
  }
}

async function prepareLeg(parts: PreparedLegParts, networkEpoch: number, now: () => number): Promise<LegInWaiting> {
  const iceServers = parts.iceServers();
  const certificates = parts.certificates();
  // sip.js's own defaults for a call's connection, with the user's servers (never sip.js's public STUN server).
  const configuration: RTCConfiguration = { ...Web.defaultPeerConnectionConfiguration(), iceServers, certificates };
  const connection = new RTCPeerConnection(configuration);
  let candidateCount = 0;
  let isGathered = false;
  connection.addEventListener('icecandidate', (event) => {
    if (event.candidate?.candidate) candidateCount += 1;
  });
  try {
    connection.addTransceiver('audio', { direction: 'sendrecv' });
    await connection.setLocalDescription(await connection.createOffer());
    const madeAt = now();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        isGathered = true;
        resolve();
      };
      const timer = setTimeout(done, GATHERING_LIMIT_MS);
      if (connection.iceGatheringState === 'complete') done();
      connection.addEventListener('icegatheringstatechange', () => {
        if (connection.iceGatheringState === 'complete') done();
      });
    });
    const key = iceServersKey(iceServers);
    return {
      connection,
      configuration,
      facts: () => ({ madeAt, iceServersKey: key, networkEpoch, isGathered, candidateCount, signalingState: connection.signalingState }),
    };
  } catch (error) {
    connection.close();
    throw error;
  }
}
