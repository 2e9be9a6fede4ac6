/**
 * Everything about a call's media the engine hands off: progress words,
 * redirects followed, DTMF both ways, quality measurement and its summary.
 * The engine calls one method per event; this writes the store's `callMedia` slice.
 */
import { Web, type Core, type Info, type Session } from 'sip.js';
import { DEFAULT_DTMF_METHOD, type DtmfMethod } from '../../app/account';
import type { CallProgress } from '../../app/call-progress';
import { summarizeQuality, type CallQualitySummary } from '../../app/call-quality';
import { readDtmfInfo } from '../../app/dtmf';
import { useSoftphoneStore } from '../store/softphone-store';
import { CallQualityMonitor } from './call-quality-monitor';
import { DtmfSender } from './dtmf-sender';
import { redirectTarget, type RedirectDecision } from './redirect';

export class CallMediaController {
  private readonly monitors = new Map<string, CallQualityMonitor>();
  private readonly summaries = new Map<string, CallQualitySummary>();
  private readonly senders = new Map<string, DtmfSender>();
  private readonly triedTargets = new Map<string, string[]>();

  private get store() {
    return useSoftphoneStore.getState();
  }

  onProgress(callId: string, progress: CallProgress | undefined): void {
    if (progress) this.store.patchCallMedia(callId, () => ({ progress }));
  }

  /**
   * Decides where a 3xx sends the call (the engine then sends the new
   * INVITE) and remembers the target for the loop guard.
   */
  redirect(callId: string, currentTarget: string, response: Core.IncomingResponse): RedirectDecision {
    const tried = this.triedTargets.get(callId) ?? [currentTarget];
    const decision = redirectTarget(response.message, tried);
    if (!decision.ok) return decision;
    const target = decision.uri.toString();
    this.triedTargets.set(callId, [...tried, target]);
    this.store.patchCallMedia(callId, (media) => ({ redirectedTo: [...media.redirectedTo, target], progress: undefined }));
    return decision;
  }

  onConnected(callId: string, session: Session): void {
    const onRefused = (digit: string) => this.store.patchCallMedia(callId, (media) => ({ dtmfNotSent: media.dtmfNotSent + digit }));
    this.senders.set(callId, new DtmfSender(session, onRefused));
    const handler = session.sessionDescriptionHandler;
    const peerConnection = handler instanceof Web.SessionDescriptionHandler ? handler.peerConnection : undefined;
    if (!peerConnection || this.monitors.has(callId)) return;
    const monitor = new CallQualityMonitor(peerConnection, (quality) => this.store.patchCallMedia(callId, () => ({ quality })));
    this.monitors.set(callId, monitor);
    monitor.start();
  }

  /** Stops measuring and keeps the summary for the history record. */
  onEnded(callId: string): void {
    this.senders.delete(callId);
    const monitor = this.monitors.get(callId);
    if (!monitor) return;
    monitor.stop();
    this.monitors.delete(callId);
    const summary = summarizeQuality(monitor.taken());
    if (summary) this.summaries.set(callId, summary);
  }

  qualitySummary(callId: string): CallQualitySummary | undefined {
    return this.summaries.get(callId);
  }

  /** Digits go out by the account's method, or as SIP INFO when RFC 4733 is not possible in this call; digits that cannot go at all are shown as not sent. */
  sendDtmf(callId: string, digits: string, method: DtmfMethod = DEFAULT_DTMF_METHOD): void {
    const sentBy = this.senders.get(callId)?.send(digits, method);
    if (sentBy) this.store.patchCallMedia(callId, (media) => ({ dtmfSent: media.dtmfSent + digits }));
    else this.store.patchCallMedia(callId, (media) => ({ dtmfNotSent: media.dtmfNotSent + digits }));
  }

  /** Incoming INFO in a call: DTMF is shown, an empty one is a keep-alive, anything else is refused (415). */
  onInfo(callId: string, info: Info): void {
    const request = info.request;
    const reading = readDtmfInfo(request.getHeader('content-type'), request.body ?? '');
    if (reading.kind === 'unsupported') {
      info.reject({ statusCode: 415 }).catch(() => undefined);
      return;
    }
    info.accept().catch(() => undefined);
    if (reading.kind === 'digit') this.store.patchCallMedia(callId, (media) => ({ dtmfReceived: media.dtmfReceived + reading.digit }));
  }

  forget(callId: string): void {
    this.onEnded(callId);
    this.summaries.delete(callId);
    this.triedTargets.delete(callId);
    this.store.forgetCallMedia(callId);
  }
}
