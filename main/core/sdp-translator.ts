/**
 * The seam between SIP relaying and media: every SDP body that crosses main
 * between the renderer's call agent (WebRTC) and a provider reached over UDP,
 * TCP or TLS (plain RTP or SDES-SRTP) passes through one translator.
 *
 * @remarks
 * Accounts over WebSocket need no translation (the provider speaks WebRTC
 * itself), so their messages never reach a translator. The relay calls
 * {@link SdpTranslator.translate} for each SDP body in the order the
 * messages of one call cross main, and waits for it before forwarding that
 * message; the translator tracks the offer/answer state of each call itself
 * (an SDP that answers no pending offer is an offer).
 */

import type { MediaRelayFailureCode } from '../../app/sip-failure';

/** Which way an SDP body is travelling through main. */
export type SdpDirection = 'to-provider' | 'to-renderer';

export interface SdpCrossing {
  /** The call's SIP Call-ID (one translation context per call). */
  readonly callId: string;
  readonly direction: SdpDirection;
  readonly sdp: string;
  /** The SIP method of the request carrying it, or of the request a response answers. */
  readonly method: string;
  /** The response status code when the SDP rides in a response. */
  readonly status?: number;
}

/** Why an SDP could not be translated (or a call's media failed later), in a code the UI words (renderer/ui/call-words.ts). */
export type SdpTranslationFailure = MediaRelayFailureCode;

export type SdpTranslation =
  | { readonly ok: true; readonly sdp: string }
  | { readonly ok: false; readonly reason: SdpTranslationFailure; readonly message: string };

export interface SdpTranslator {
  translate(crossing: SdpCrossing): Promise<SdpTranslation>;
  /** The call is over (BYE, CANCEL, final failure, or its dialog was dropped): release its media. */
  callEnded(callId: string): void;
  /**
   * Tells `listener` when a call's media dies outside any translation (the
   * gateway crashed, the provider went silent, its SRTP fails, the window's
   * ICE failed): the call must end with these words. Returns the unsubscriber.
   */
  onCallMediaLost?(listener: CallMediaLostListener): () => void;
}

export type CallMediaLostListener = (callId: string, reason: SdpTranslationFailure, message: string) => void;

/** For connections whose provider speaks WebRTC media itself: every SDP passes unchanged. */
export const passThroughSdp: SdpTranslator = {
  translate: async (crossing) => ({ ok: true, sdp: crossing.sdp }),
  callEnded: () => {},
};
