/**
 * Live media details of each call, next to (not inside) `CallView`: call
 * progress, where a call was redirected, DTMF digits sent and received, and
 * the latest quality measurement. Written only by the engine's media helpers
 * (`renderer/sip/call-media.ts`); entries go when the call leaves the panel.
 *
 * @remarks
 * A store of its own so that this area never touches the call slice, which
 * is restructured for several lines, transfer and conference at the same time.
 */
import { create } from 'zustand';
import type { CallProgress } from '../../app/call-progress';
import type { QualitySample } from '../../app/call-quality';

export interface CallMedia {
  readonly progress?: CallProgress;
  /** The address the call was redirected to (3xx), in the order followed. */
  readonly redirectedTo: readonly string[];
  readonly dtmfSent: string;
  readonly dtmfReceived: string;
  readonly quality?: QualitySample;
}

export const NO_CALL_MEDIA: CallMedia = { redirectedTo: [], dtmfSent: '', dtmfReceived: '' };

interface CallMediaState {
  readonly byCall: Readonly<Record<string, CallMedia>>;
  patch(callId: string, change: (current: CallMedia) => Partial<CallMedia>): void;
  forget(callId: string): void;
}

export const useCallMediaStore = create<CallMediaState>()((set) => ({
  byCall: {},
  patch: (callId, change) =>
    set((state) => {
      const current = state.byCall[callId] ?? NO_CALL_MEDIA;
      return { byCall: { ...state.byCall, [callId]: { ...current, ...change(current) } } };
    }),
  forget: (callId) =>
    set((state) => {
      if (!(callId in state.byCall)) return state;
      const { [callId]: _gone, ...rest } = state.byCall;
      return { byCall: rest };
    }),
}));

export function useCallMedia(callId: string): CallMedia {
  return useCallMediaStore((state) => state.byCall[callId] ?? NO_CALL_MEDIA);
}
