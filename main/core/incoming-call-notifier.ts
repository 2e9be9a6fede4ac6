/**
 * Keeps one desktop notification open per incoming call that rings, from
 * the calls the renderers report: it appears when a call starts ringing and
 * closes when it stops (answered, declined, cancelled by the caller, or its
 * window gone). Answer and Decline go back to the renderer that runs the
 * call.
 */
import type { CallSummary } from '../../app/call-state';
import type { IncomingCallAction, IncomingCallNotice } from '../../app/incoming-call-notice';

export interface IncomingCallNoticeActions {
  answer(): void;
  decline(): void;
  /** The notification itself was clicked: show the window. */
  open(): void;
}

export interface IncomingCallNoticeHandle {
  close(): void;
}

/** The port the shell implements (Electron's Notification; the browser host's observable list). */
export type ShowIncomingCall = (notice: IncomingCallNotice, actions: IncomingCallNoticeActions) => IncomingCallNoticeHandle;

export interface RingingCall {
  readonly call: CallSummary;
  /** Tells the renderer that runs the call. */
  deliver(action: IncomingCallAction['action']): void;
}

export interface IncomingCallNotifierOptions {
  readonly show: ShowIncomingCall | undefined;
  /** Brings the window to the front. */
  readonly requestWindow: () => void;
  readonly describe: (call: CallSummary) => Omit<IncomingCallNotice, 'callId'>;
}

const CLOSED: IncomingCallNoticeHandle = { close: () => undefined };

export class IncomingCallNotifier {
  /** Every call that has (or had, until acted on) a notification, until it stops ringing. */
  private readonly notices = new Map<string, IncomingCallNoticeHandle>();

  constructor(private readonly options: IncomingCallNotifierOptions) {}

  /** `ringing`: every incoming call ringing now, over all renderers. */
  sync(ringing: readonly RingingCall[]): void {
    const { show } = this.options;
    if (!show) return;
    const ids = new Set(ringing.map(({ call }) => call.id));
    for (const [callId, handle] of this.notices) {
      if (ids.has(callId)) continue;
      handle.close();
      this.notices.delete(callId);
    }
    for (const entry of ringing) {
      if (this.notices.has(entry.call.id)) continue;
      const notice = { callId: entry.call.id, ...this.options.describe(entry.call) };
      this.notices.set(entry.call.id, show(notice, this.actionsFor(entry)));
    }
  }

  closeAll(): void {
    for (const handle of this.notices.values()) handle.close();
    this.notices.clear();
  }

  private actionsFor(entry: RingingCall): IncomingCallNoticeActions {
    const callId = entry.call.id;
    // One action per notification: a second click (or a slow shell) must not answer and then decline.
    const once = (action: IncomingCallAction['action']) => {
      const handle = this.notices.get(callId);
      if (!handle || handle === CLOSED) return;
      this.notices.set(callId, CLOSED);
      handle.close();
      // The user is about to talk: the call panel (Mute, Hang up) must be in front.
      if (action === 'answer') this.options.requestWindow();
      entry.deliver(action);
    };
    return {
      answer: () => once('answer'),
      decline: () => once('decline'),
      open: () => this.options.requestWindow(),
    };
  }
}
