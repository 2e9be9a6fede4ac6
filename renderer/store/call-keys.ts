/**
 * What call keys do, wherever they come from (the global shortcut via main,
 * Esc in the window): pure choices over the store's calls.
 */
import type { SoftphoneApi } from '../../app/ipc-contract';
import { isRingingIncoming, type CallControls, type CallView } from './call-view';
import { useSoftphoneStore } from './softphone-store';

const isActive = (call: CallView) => call.phase !== 'ended' && !isRingingIncoming(call);

/** The global shortcut: answer the call that rang first, else hang up the active one. */
function answerOrHangUp(controls: CallControls, calls: readonly CallView[]): void {
  const ringing = calls.find(isRingingIncoming);
  if (ringing) {
    controls.answer(ringing.id);
    return;
  }
  const active = calls.find(isActive);
  if (active) controls.hangUp(active.id);
}

/** Esc: decline the ringing call, else hang up (or cancel) the active one; true when it did something. */
export function declineOrHangUp(controls: CallControls, calls: readonly CallView[]): boolean {
  const target = calls.find(isRingingIncoming) ?? calls.find(isActive);
  if (!target) return false;
  if (isRingingIncoming(target)) controls.decline(target.id);
  else controls.hangUp(target.id);
  return true;
}

export function wireCallShortcut(api: SoftphoneApi, controls: CallControls): void {
  api.onCallShortcut(() => answerOrHangUp(controls, useSoftphoneStore.getState().calls));
}
