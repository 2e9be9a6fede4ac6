/**
 * Live media details of a call, kept next to (not inside) `CallView` in the
 * store's `callMedia` slice: call progress, where a call was redirected,
 * DTMF digits sent and received, and the latest quality measurement.
 */
import type { CallProgress } from '../../app/call-progress';
import type { QualitySample } from '../../app/call-quality';

export interface CallMedia {
  readonly progress?: CallProgress;
  /** The address the call was redirected to (3xx), in the order followed. */
  readonly redirectedTo: readonly string[];
  readonly dtmfSent: string;
  /** Digits the user pressed that did not reach the other side (it refused them, or the call could not carry them). */
  readonly dtmfNotSent: string;
  readonly dtmfReceived: string;
  readonly quality?: QualitySample;
}

export const NO_CALL_MEDIA: CallMedia = { redirectedTo: [], dtmfSent: '', dtmfNotSent: '', dtmfReceived: '' };

