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
 */
import { Web, type Session } from 'sip.js';
import type { DtmfMethod } from '../../app/account';
import { DTMF_GAP_MS, DTMF_TONE_MS, dtmfRelayBody } from '../../app/dtmf';

/** An INFO that gets no answer must not block the digits after it. */
const INFO_ANSWER_TIMEOUT_MS = 4_000;

export class DtmfSender {
  private infoQueue: Promise<void> = Promise.resolve();
  private pendingTones = '';
  private isPlaying = false;

  constructor(private readonly session: Session) {}

  /** False when the call cannot carry DTMF right now (no audio sender yet, or it has ended). */
  send(digits: string, method: DtmfMethod): boolean {
    return method === 'info' ? this.sendInfo(digits) : this.sendTelephoneEvents(digits);
  }

  private sendTelephoneEvents(digits: string): boolean {
    const handler = this.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler)) return false;
    const sender = handler.peerConnection?.getSenders().find((candidate) => candidate.track?.kind === 'audio' && candidate.dtmf);
    const dtmf = sender?.dtmf;
    if (!dtmf || !dtmf.canInsertDTMF) return false;
    this.pendingTones += digits;
    if (!this.isPlaying) this.playPending(dtmf);
    return true;
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

  private sendInfo(digits: string): boolean {
    for (const digit of digits) {
      this.infoQueue = this.infoQueue.then(() => this.sendOneInfo(digit));
    }
    return true;
  }

  private sendOneInfo(digit: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, INFO_ANSWER_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.session
        .info({
          requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: dtmfRelayBody(digit) } },
          requestDelegate: { onAccept: done, onReject: done },
        })
        .catch(done);
    });
  }
}
