/**
 * Does, while the window is idle after start, the work the first call would
 * otherwise wait for: a DTLS certificate, the tone outputs' AudioContexts,
 * the first outgoing leg (WebRTC's codecs, network list and ICE, see
 * prepared-outgoing-leg.ts), sip.js's message parser (see
 * sip-parser-warm-up.ts) and sip.js's call path (a call to a script, see
 * sip-call-rehearsal.ts).
 *
 * @remarks
 * It never asks for the microphone (getUserMedia stays the first call's, so
 * no recording indicator shows while idle), and the prepared leg never
 * connects until a call takes it.
 *
 * Certificates: each call's peer connection takes the spare certificate made
 * in advance, and a new spare is made a moment later, so no two calls share
 * a DTLS fingerprint (a fixed one would let a peer link calls together) and
 * no call waits for a key to be generated.
 */
import { toneOutputs } from '../audio/tone-outputs';
import { rehearseSipCall } from './sip-call-rehearsal';
import { warmSipParser } from './sip-parser-warm-up';

/** What the warm-up needs from the rest of the window. */
export interface CallWarmUpParts {
  /** The outputs tones will play on (ringer(s) and speaker), as chosen now. */
  readonly toneSinkIds: () => readonly string[];
  /** Makes the first prepared outgoing leg (it takes the spare certificate). */
  readonly prepareOutgoingLeg: () => Promise<void>;
}

const CERTIFICATE_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
/** A spare that would expire this soon is not used (browsers make them valid for 30 days). */
const CERTIFICATE_MARGIN_MS = 60 * 60 * 1000;
/** After a call took the spare: out of that call's setup. */
const NEXT_CERTIFICATE_DELAY_MS = 3_000;

export class CallWarmUp {
  private spare: RTCCertificate | undefined;
  private isMakingSpare = false;
  private hasStarted = false;

  constructor(private readonly parts: CallWarmUpParts) {}

  /** Starts the warm-up once, when the window is next idle; later calls do nothing. */
  start(): void {
    if (this.hasStarted) return;
    this.hasStarted = true;
    const run = () => void this.warm().catch((error: unknown) => console.warn(`call warm-up: ${String(error)}`));
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2_000 });
    else setTimeout(run, 0);
  }

  /**
   * The certificates of the next call's peer connection: the spare, if one
   * is ready (undefined lets the browser make one, as without a warm-up).
   */
  takeCertificates(): RTCCertificate[] | undefined {
    const spare = this.usableSpare();
    this.spare = undefined;
    setTimeout(() => void this.makeSpare(), NEXT_CERTIFICATE_DELAY_MS);
    return spare ? [spare] : undefined;
  }

  private async warm(): Promise<void> {
    toneOutputs.prepare(this.parts.toneSinkIds());
    // The first MediaStream a page makes costs it up to 1 ms; each call's session makes two at the click.
    new MediaStream();
    await this.makeSpare();
    await this.parts.prepareOutgoingLeg();
    await warmSipParser();
    await rehearseSipCall();
  }

  private usableSpare(): RTCCertificate | undefined {
    return this.spare && this.spare.expires - Date.now() > CERTIFICATE_MARGIN_MS ? this.spare : undefined;
  }

  private async makeSpare(): Promise<void> {
    if (this.usableSpare() || this.isMakingSpare) return;
    this.isMakingSpare = true;
    try {
      this.spare = await RTCPeerConnection.generateCertificate(CERTIFICATE_ALGORITHM);
    } catch {
      this.spare = undefined; // the browser then makes one per call, as it always did
    } finally {
      this.isMakingSpare = false;
    }
  }
}
