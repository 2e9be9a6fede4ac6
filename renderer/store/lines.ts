/**
 * Which calls ("lines") are active: at most one line is un-held at a time,
 * and a local conference counts as one line.
 */
import { isRingingIncoming, type CallView } from './call-view';

/** Connected and not held by us: the user talks on this line now. */
export function isActiveLine(call: CallView): boolean {
  return call.phase === 'connected' && !call.isOnHold;
}

/** The line in use: the newest connected call not on hold. Keys typed or pressed on a pad send it tones. */
export function currentActiveLine(calls: readonly CallView[]): CallView | undefined {
  return [...calls].reverse().find(isActiveLine);
}

/** The same call, or two calls of one local conference. */
export function isSameLine(a: CallView, b: CallView): boolean {
  return a.id === b.id || (a.conferenceId !== undefined && a.conferenceId === b.conferenceId);
}

/**
 * The calls to hold before `keep` becomes the active line (`keep` undefined:
 * before a new call starts). `except` are calls about to go away anyway (a
 * call an incoming INVITE with Replaces takes over).
 */
export function linesToHold(calls: readonly CallView[], keep: CallView | undefined, except: readonly string[] = []): CallView[] {
  return calls.filter((call) => isActiveLine(call) && !except.includes(call.id) && !(keep && isSameLine(call, keep)));
}

/** A call rings here while another call is going on: a short beep instead of the ringtone. */
export function isCallWaiting(calls: readonly CallView[]): boolean {
  const isInCall = calls.some((call) => call.phase === 'connected' || call.phase === 'connecting');
  return calls.some(isRingingIncoming) && isInCall;
}

/** Other connected calls that `call` could be merged with or transferred to. */
export function otherConnectedCalls(calls: readonly CallView[], call: CallView): CallView[] {
  return calls.filter((other) => other.id !== call.id && other.phase === 'connected' && !isSameLine(other, call));
}
