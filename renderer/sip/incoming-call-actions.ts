/**
 * Answer / Decline chosen on main's desktop notification: checked at the
 * door like every message, then done exactly as the incoming-call panel's
 * buttons would (a call that no longer rings is left alone by the engine).
 */
import { IncomingCallActionSchema } from '../../app/incoming-call-notice';
import type { SoftphoneApi } from '../../app/ipc-contract';
import type { CallControls } from '../store/call-view';

export function followIncomingCallActions(api: SoftphoneApi, controls: Pick<CallControls, 'answer' | 'decline'>): () => void {
  return api.onIncomingCallAction((payload) => {
    const parsed = IncomingCallActionSchema.safeParse(payload);
    if (!parsed.success) {
      console.warn('ignored a malformed incoming-call action from main');
      return;
    }
    const { callId, action } = parsed.data;
    if (action === 'answer') controls.answer(callId);
    else controls.decline(callId);
  });
}
