/**
 * Sends DTMF digits in a call, by the account's method:
 * - RFC 4733: telephone-events on the audio stream through the RTP sender's
 *   RTCDTMFSender. Not through sip.js's `sendDtmf`: each `insertDTMF` call
 *   replaces the tones still queued (WebRTC 1.0 §7.2), and Chromium also cuts
 *   the tone that is playing short, so quick typing lost or clipped digits
 *   (seen in the e2e test). Digits typed meanwhile wait here until the
 *   sender reports its buffer done (`tonechange` with an empty tone).
 * - SIP INFO: one `application/dtmf-relay` INFO per digit, each sent after
 *   the previous one was answered so the far end sees them in order.
 *
 * When RFC 4733 is not possible in this call (the answer left out
 * telephone-event, or mapped it so that the browser cannot send it at the
 * clock rate of the audio codec, which makes `canInsertDTMF` false) the
 * digits go as SIP INFO instead. A digit the other side refuses (any
 * non-2xx, or no answer) is reported, so the user is told.
 */
import { SessionState, Web, type Session } from 'sip.js';
import type { DtmfMethod } from '../../app/account';
import { DTMF_GAP_MS, DTMF_TONE_MS, dtmfRelayBody } from '../../app/dtmf';

/** An INFO that gets no answer must not block the digits after it. */
const INFO_ANSWER_TIMEOUT_MS = 4_000;

export class DtmfSender {
  private infoQueue: Promise<void> = Promise.resolve();
  private pendingTones = '';
  private isPlaying = false;

  /** @param onRefused hears each digit the other side did not take (SIP INFO answered with an error, or not at all). */
  constructor(
    private readonly session: Session,
    private readonly onRefused: (digit: string) => void,
  ) {}

  /** How the digits went out; `undefined` when the call cannot carry DTMF at all (it has ended). */
  send(digits: string, method: DtmfMethod): DtmfMethod | undefined {
    if (this.session.state !== SessionState.Established) return undefined;
    if (method === 'rfc4733') {
      const dtmf = this.telephoneEventSender();
      if (dtmf) {
        this.pendingTones += digits;
        if (!this.isPlaying) this.playPending(dtmf);
        return 'rfc4733';
      }
    }
    this.sendInfo(digits);
    return 'info';
  }

  private telephoneEventSender(): RTCDTMFSender | undefined {
    const handler = this.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler)) return undefined;
    const sender = handler.peerConnection?.getSenders().find((candidate) => candidate.track?.kind === 'audio' && candidate.dtmf);
    return sender?.dtmf?.canInsertDTMF ? sender.dtmf : undefined;
  }

  private playPending(dtmf: RTCDTMFSender): void {
    this.isPlaying = this.pendingTones !== '' && dtmf.canInsertDTMF;
    if (!this.isPlaying) return;
    dtmf.ontonechange = (event) => {
      if (event.tone === '') this.playPending(dtmf);
    };
    dtmf.insertDTMF(this.pendingTones, DTMF_TONE_MS, DTMF_GAP_MS);
    this.pendingTones = '';
  }

  private sendInfo(digits: string): void {
    for (const digit of digits) {
      this.infoQueue = this.infoQueue.then(() => this.sendOneInfo(digit));
    }
  }

  private sendOneInfo(digit: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = (isTaken: boolean) => {
        clearTimeout(timer);
        if (!isTaken) this.onRefused(digit);
        resolve();
      };
      const timer = setTimeout(() => finish(false), INFO_ANSWER_TIMEOUT_MS);
      this.session
        .info({
          requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: dtmfRelayBody(digit) } },
          requestDelegate: { onAccept: () => finish(true), onReject: () => finish(false) },
        })
        .catch(() => finish(false));
    });
  }
}
