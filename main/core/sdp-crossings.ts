/**
 * Passes the SDP of every message crossing main between the renderer's call
 * agent and a plain-SIP provider through the account's {@link SdpTranslator},
 * in order per call, and ends a call whose SDP cannot be translated.
 *
 * @remarks
 * Messages of one call (one Call-ID) leave in the order they came: while a
 * translation is pending, later messages of that call wait behind it, with
 * or without SDP; other calls are not held up. When a translation fails:
 * - the renderer's offer (a request) never reaches the provider: the
 *   renderer gets 488 Not Acceptable Here with a Warning naming the reason;
 * - the renderer's answer (a response to the provider's INVITE) becomes 488
 *   to the provider, and if it was a 2xx the renderer gets a BYE;
 * - the provider's offer (a request) is answered 488 and not delivered;
 * - the provider's answer (a response) reaches the renderer as 488; if it
 *   was a 2xx, main acknowledges it and ends that dialog with a BYE.
 * After a failure the call is over for main: what else arrives on it is
 * dropped. The translator hears {@link SdpTranslator.callEnded} once per
 * call: BYE or CANCEL either way, a final failure to the first INVITE, or a
 * failed translation.
 */
import { randomToken, summarizeSipMessage, type SipSummary } from './sip-message';
import type { SdpDirection, SdpTranslation, SdpTranslator } from './sdp-translator';
import type { Logger } from './logger';

export interface SdpCrossingsDelegate {
  /** To the wire. */
  toProvider(text: string): void;
  /** To the renderer's call agent. */
  toRenderer(text: string): void;
}

/** Calls that ended after a failed translation, remembered to drop their stragglers. */
const FAILED_CALLS_KEPT = 64;

export class SdpCrossings {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly failed = new Set<string>();
  private readonly established = new Set<string>();

  constructor(
    private readonly translator: SdpTranslator,
    private readonly mainViaHost: string,
    private readonly delegate: SdpCrossingsDelegate,
    private readonly log: Logger,
  ) {}

  /** A message the renderer sent, on its way to the provider. */
  fromRenderer(text: string): void {
    this.cross(text, 'to-provider');
  }

  /** A message from the provider that the relay delivers to the renderer. */
  fromProvider(text: string): void {
    this.cross(text, 'to-renderer');
  }

  /** A message main sends or answers itself on a call (its BYEs, its stateless replies): only the call's end matters. */
  noteSentByMain(text: string): void {
    const summary = summarizeSipMessage(text);
    if (summary) this.noteEnd(summary);
  }

  private cross(text: string, direction: SdpDirection): void {
    const summary = summarizeSipMessage(text);
    const forward = (message: string): void => (direction === 'to-provider' ? this.delegate.toProvider(message) : this.delegate.toRenderer(message));
    if (!summary) return forward(text);
    if (this.failed.has(summary.callId)) return;
    // A reply to the BYE main made up for the renderer stays here.
    if (direction === 'to-provider' && !summary.isRequest && viaHostOf(text) === this.mainViaHost) return;
    const sdp = sdpOf(text);
    const pending = this.queues.get(summary.callId);
    if (!sdp && !pending) {
      this.noteEnd(summary);
      return forward(text);
    }
    const run = async (): Promise<void> => {
      if (this.failed.has(summary.callId)) return;
      if (!sdp) {
        this.noteEnd(summary);
        return forward(text);
      }
      let translation: SdpTranslation;
      try {
        translation = await this.translator.translate({ callId: summary.callId, direction, sdp, method: summary.method, ...(summary.statusCode === undefined ? {} : { status: summary.statusCode }) });
      } catch (error) {
        translation = { ok: false, reason: 'media-gateway-down', message: String(error) };
      }
      if (this.failed.has(summary.callId)) return;
      if (!translation.ok) return this.onFailed(summary, direction, translation.reason, translation.message);
      this.noteEnd(summary);
      forward(withBody(text, translation.sdp));
    };
    // A queue never rejects: a message that fails to cross is logged, and the call's later messages still go.
    const next: Promise<void> = (pending ?? Promise.resolve())
      .then(run)
      .catch((error: unknown) => this.log.error(`call ${summary.callId}: ${summary.method} could not cross: ${String(error)}`))
      .finally(() => {
        if (this.queues.get(summary.callId) === next) this.queues.delete(summary.callId);
      });
    this.queues.set(summary.callId, next);
  }

  private onFailed(message: SipSummary, direction: SdpDirection, reason: string, detail: string): void {
    this.log.warn(`call ${message.callId}: SDP ${direction} not translated (${reason}): ${detail}; ending the call`);
    this.markFailed(message.callId);
    const warning = `Warning: 399 softphone "${reason}"`;
    if (direction === 'to-provider') {
      if (message.isRequest) return this.delegate.toRenderer(responseTo(message.text, 488, 'Not Acceptable Here', [warning]));
      this.delegate.toProvider(asStatus(message.text, 488, 'Not Acceptable Here', [warning]));
      if (isSuccess(message)) this.delegate.toRenderer(inDialogRequest(message.text, 'BYE', this.mainViaHost, { towardsCaller: true }));
      return;
    }
    if (message.isRequest) return this.delegate.toProvider(responseTo(message.text, 488, 'Not Acceptable Here', [warning]));
    this.delegate.toRenderer(asStatus(message.text, 488, 'Not Acceptable Here', [warning]));
    if (isSuccess(message)) {
      this.delegate.toProvider(inDialogRequest(message.text, 'ACK', this.mainViaHost, { towardsCaller: false }));
      this.delegate.toProvider(inDialogRequest(message.text, 'BYE', this.mainViaHost, { towardsCaller: false }));
    }
  }

  private noteEnd(message: SipSummary): void {
    const { callId } = message;
    if (message.isRequest) {
      if (message.method === 'BYE' || message.method === 'CANCEL') this.end(callId);
      return;
    }
    if (message.method !== 'INVITE' || message.statusCode === undefined) return;
    if (isSuccess(message)) this.established.add(callId);
    else if (message.statusCode >= 300 && !this.established.has(callId)) this.end(callId);
  }

  private markFailed(callId: string): void {
    this.end(callId);
    this.failed.add(callId);
    if (this.failed.size > FAILED_CALLS_KEPT) this.failed.delete(this.failed.values().next().value!);
  }

  private end(callId: string): void {
    this.established.delete(callId);
    this.translator.callEnded(callId);
  }
}

function isSuccess(message: SipSummary): boolean {
  return message.method === 'INVITE' && (message.statusCode ?? 0) >= 200 && (message.statusCode ?? 0) < 300;
}

function split(text: string): { head: string; body: string } {
  const end = text.indexOf('\r\n\r\n');
  return end < 0 ? { head: text, body: '' } : { head: text.slice(0, end), body: text.slice(end + 4) };
}

function headerLines(head: string, name: RegExp): string[] {
  return head.split('\r\n').filter((line) => name.test(line));
}

/** The SDP body of a message, if it carries one. */
export function sdpOf(text: string): string | undefined {
  const { head, body } = split(text);
  if (body === '') return undefined;
  const type = /^(?:content-type|c)[ \t]*:[ \t]*([^\r\n;]*)/im.exec(head)?.[1]?.trim().toLowerCase();
  return type === 'application/sdp' ? body : undefined;
}

/** The message with another body and a matching Content-Length. */
export function withBody(text: string, body: string): string {
  const { head } = split(text);
  const lines = head.split('\r\n').filter((line) => !/^(?:content-length|l)[ \t]*:/i.test(line));
  return `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function viaHostOf(text: string): string | undefined {
  return /^(?:via|v)[ \t]*:[ \t]*SIP\/2\.0\/\S+[ \t]+([^;:,\s]+)/im.exec(text)?.[1];
}

/** A response to a request (its Vias, From, To with a tag, Call-ID, CSeq), without a body. */
function responseTo(request: string, status: number, reason: string, extra: string[]): string {
  const { head } = split(request);
  const to = headerLines(head, /^(?:to|t)[ \t]*:/i)[0] ?? 'To: <sip:unknown@invalid>';
  const toWithTag = /;[ \t]*tag=/i.test(to) ? to : `${to};tag=${randomToken()}`;
  const lines = [
    `SIP/2.0 ${status} ${reason}`,
    ...headerLines(head, /^(?:via|v)[ \t]*:/i),
    ...headerLines(head, /^(?:from|f)[ \t]*:/i),
    toWithTag,
    ...headerLines(head, /^(?:call-id|i)[ \t]*:/i),
    ...headerLines(head, /^cseq[ \t]*:/i),
    ...extra,
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A response turned into another status: same headers, no body, no Contact. */
function asStatus(response: string, status: number, reason: string, extra: string[]): string {
  const { head } = split(response);
  const lines = head.split('\r\n').slice(1).filter((line) => !/^(?:content-length|l|content-type|c|contact|m|record-route)[ \t]*:/i.test(line));
  return `${[`SIP/2.0 ${status} ${reason}`, ...lines, ...extra, 'Content-Length: 0'].join('\r\n')}\r\n\r\n`;
}

/**
 * A request in the dialog a 2xx to INVITE made: `towardsCaller` when the
 * 2xx was the renderer's own (the request goes to the provider's side as
 * seen by the renderer, i.e. From and To swap), else towards the callee.
 */
function inDialogRequest(response: string, method: 'ACK' | 'BYE', viaHost: string, { towardsCaller }: { towardsCaller: boolean }): string {
  const { head } = split(response);
  const value = (name: RegExp): string => (headerLines(head, name)[0] ?? '').replace(/^[^:]*:[ \t]*/, '');
  const from = value(/^(?:from|f)[ \t]*:/i);
  const to = value(/^(?:to|t)[ \t]*:/i);
  const callId = value(/^(?:call-id|i)[ \t]*:/i);
  const cseq = Number(/^(\d+)/.exec(value(/^cseq[ \t]*:/i))?.[1] ?? 1);
  const contact = value(/^(?:contact|m)[ \t]*:/i);
  const target = /<([^>]*)>/.exec(contact)?.[1] ?? contact.split(';')[0] ?? '';
  const recordRoutes = headerLines(head, /^record-route[ \t]*:/i).flatMap((line) => line.replace(/^[^:]*:[ \t]*/, '').split(/,(?=\s*<)/).map((route) => route.trim()));
  // The renderer's dialog (as UAS) is reached straight; the provider's (as UAC) through the reversed Record-Route.
  const routes = towardsCaller ? [] : recordRoutes.reverse();
  const lines = [
    `${method} ${target} SIP/2.0`,
    `Via: SIP/2.0/WS ${viaHost};branch=z9hG4bK${randomToken()}${randomToken()}`,
    'Max-Forwards: 70',
    ...routes.map((route) => `Route: ${route}`),
    `From: ${towardsCaller ? to : from}`,
    `To: ${towardsCaller ? from : to}`,
    `Call-ID: ${callId}`,
    `CSeq: ${method === 'ACK' ? cseq : cseq + 1} ${method}`,
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
