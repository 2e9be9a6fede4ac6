/**
 * Live media details of a call, kept next to (not inside) `CallView` in the
 * store's `callMedia` slice: call progress, where a call was redirected,
 * DTMF digits sent and received, the latest quality measurement and the
 * recording.
 */
import type { CallProgress } from '../../app/call-progress';
import type { QualitySample } from '../../app/call-quality';
import type { AppError } from '../../app/result';

export interface CallMedia {
  readonly progress?: CallProgress;
  /** The address the call was redirected to (3xx), in the order followed. */
  readonly redirectedTo: readonly string[];
  readonly dtmfSent: string;
  /** Digits the user pressed that did not reach the other side (it refused them, or the call could not carry them). */
  readonly dtmfNotSent: string;
  readonly dtmfReceived: string;
  readonly quality?: QualitySample;
  /** The call's recording, once the user (or "record every call") started one. */
  readonly recording?: CallRecordingState;
}

/** What the call panel shows of a call's recording. */
export interface CallRecordingState {
  readonly state: 'starting' | 'recording' | 'stopping' | 'stopped';
  /** When audio started to be written (for the elapsed time shown). */
  readonly startedAt?: number;
  /** Why recording could not start or stopped early. */
  readonly error?: AppError;
}

export const NO_CALL_MEDIA: CallMedia = { redirectedTo: [], dtmfSent: '', dtmfNotSent: '', dtmfReceived: '' };

