/**
 * A call whose SDP left before its microphone opened (a prepared answer,
 * a prepared outgoing leg: see answer-ready-handler.ts): once the
 * microphone is in, the call's mute and hold state is applied to it; if it
 * cannot be opened, `onFailure` ends the call (the other side would hear
 * nothing).
 */
import type { Session } from 'sip.js';
import { AnswerReadyHandler } from './answer-ready-handler';
import type { CallHolding } from './call-holding';
import type { LiveCalls } from './live-calls';

export async function followLateMicrophone(
  callId: string,
  session: Session,
  parts: { readonly calls: LiveCalls; readonly holding: CallHolding },
  onFailure: (error: unknown) => void,
): Promise<void> {
  const handler = session.sessionDescriptionHandler;
  if (!(handler instanceof AnswerReadyHandler) || !handler.microphone) return;
  try {
    await handler.microphone;
  } catch (error) {
    onFailure(error);
    return;
  }
  const call = parts.calls.get(callId);
  if (call?.session === session) parts.holding.applyTrackState(call);
}
