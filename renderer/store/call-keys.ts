/**
 * What call keys do, wherever they come from (the global shortcut via main,
 * Esc in the window): pure choices over the store's calls.
 */
import type { SoftphoneApi } from '../../app/ipc-contract';
import { isRingingIncoming, type CallControls, type CallView } from './call-view';
import { currentActiveLine, isSameLine } from './lines';
import { useSoftphoneStore } from './softphone-store';

const isActive = (call: CallView) => call.phase !== 'ended' && !isRingingIncoming(call);

/**
 * The calls a hang-up key ends: the line in use (the newest connected call
 * not on hold, with every call of its conference: a conference is one line),
 * else the newest call still going on (being placed, or on hold).
 */
export function callsToHangUp(calls: readonly CallView[]): CallView[] {
  const line = currentActiveLine(calls) ?? [...calls].reverse().find(isActive);
  return line ? calls.filter((call) => isActive(call) && isSameLine(call, line)) : [];
}

/** The global shortcut: answer the call that rang first, else hang up the active one. */
function answerOrHangUp(controls: CallControls, calls: readonly CallView[]): void {
  const ringing = calls.find(isRingingIncoming);
  if (ringing) {
    controls.answer(ringing.id);
    return;
  }
  for (const call of callsToHangUp(calls)) controls.hangUp(call.id);
}

/** Esc: decline the ringing call, else hang up (or cancel) {@link callsToHangUp}; true when it did something. */
export function declineOrHangUp(controls: CallControls, calls: readonly CallView[]): boolean {
  const ringing = calls.find(isRingingIncoming);
  if (ringing) {
    controls.decline(ringing.id);
    return true;
  }
  const ending = callsToHangUp(calls);
  for (const call of ending) controls.hangUp(call.id);
  return ending.length > 0;
}

export function wireCallShortcut(api: SoftphoneApi, controls: CallControls): void {
  api.onCallShortcut(() => answerOrHangUp(controls, useSoftphoneStore.getState().calls));
}
