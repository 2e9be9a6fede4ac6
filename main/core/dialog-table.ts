/**
 * The established calls main relays for the renderer, with just enough of
 * each dialog (RFC 3261 §12) to end it with a BYE of its own.
 *
 * @remarks
 * If the renderer reloads or crashes mid-call, its sip.js session is gone but
 * the far end still thinks the call is up. main, which saw every message of
 * the dialog go by, sends the BYE instead.
 */
import { randomUUID } from 'node:crypto';
import { Core } from 'sip.js';
import { callerIdentityOf, identityOfParty } from '../../app/sip/caller-identity';
import { parseSipMessage, type ParsedMessage, type ParsedRequest, type RelayedResponse, type SipSummary } from './sip-message';

const FROM_HEADER = /^(?:from|f)[ \t]*:[ \t]*(.*?)[ \t]*$/im;
const headerEndOf = (text: string): number => {
  const end = text.indexOf('\r\n\r\n');
  return end < 0 ? text.length : end;
};

/** A call main ended itself because its window went away: it belongs in the history. */
export interface CallEndedByMain {
  readonly callId: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly remoteUri: string;
  readonly remoteName?: string;
  /** When the INVITE went out or arrived. */
  readonly startedAt: number;
  /** When the call connected (the 2xx). */
  readonly answeredAt: number;
}

/** What main's own BYE for a dialog needs, read from the message that established it. */
interface DialogParts {
  readonly call: Omit<CallEndedByMain, 'callId'>;
  /** Our From/To header values (name-addr with tag) in requests we send in this dialog. */
  readonly localParty: string;
  readonly remoteParty: string;
  readonly remoteTarget: string;
  /** Route headers for our requests, in order. */
  readonly routeSet: readonly string[];
}

interface Dialog {
  readonly callId: string;
  /**
   * The parts, or how to read them: an outgoing call's 2xx is parsed only
   * when main sends a BYE of its own (rare), never as it goes by. Undefined
   * when that 2xx cannot be parsed: main then has no BYE to send.
   */
  parts: DialogParts | (() => DialogParts | undefined);
  localCSeq: number;
  /** The highest CSeq of the far end's requests delivered to the renderer (0: none yet). */
  remoteCSeq: number;
}

/** Why main ends a call itself, as its BYEs say it (RFC 3326 Reason; a Warning code for the renderer's words). */
export interface MainHangUp {
  /** The Reason text toward the far end. */
  readonly text: string;
  /** A failure code the renderer words (`Warning: 399 softphone "<code>"` on its BYE). */
  readonly code?: string;
}

const WINDOW_CLOSED: MainHangUp = { text: 'The softphone window closed' };

/** An INVITE whose final answer is awaited: what its dialog will need of it. */
type PendingInvite =
  | { readonly direction: 'incoming'; readonly at: number; readonly request: ParsedRequest }
  | { readonly direction: 'outgoing'; readonly at: number; readonly from: string; readonly cseq: number };

const MAX_PENDING = 32;

export class DialogTable {
  constructor(private readonly now: () => number = Date.now) {}

  private readonly pending = new Map<string, PendingInvite>();
  private readonly dialogs = new Map<string, Dialog>();

  get size(): number {
    return this.dialogs.size;
  }

  /**
   * A message the renderer sent out through main, summarized (never parsed
   * in full: its sip.js built it, and a parse here would sit between the
   * INVITE leaving and its first answer coming back).
   */
  onSentByRenderer(message: SipSummary): void {
    if (message.isRequest) {
      if (message.method === 'INVITE' && !message.toTag) {
        const from = FROM_HEADER.exec(message.text.slice(0, headerEndOf(message.text)))?.[1];
        if (from !== undefined) this.remember(message.callId, { direction: 'outgoing', at: this.now(), from, cseq: message.cseq });
      } else if (message.method === 'BYE') this.dialogs.delete(message.callId);
      const dialog = this.dialogs.get(message.callId);
      if (dialog && message.method !== 'ACK' && message.method !== 'CANCEL') dialog.localCSeq = Math.max(dialog.localCSeq, message.cseq);
      return;
    }
    // Our 2xx to an incoming INVITE establishes the dialog.
    const invite = this.pending.get(message.callId);
    if (invite?.direction === 'incoming' && message.method === 'INVITE' && isSuccess(message)) {
      this.pending.delete(message.callId);
      this.dialogs.set(message.callId, {
        callId: message.callId,
        parts: {
          call: { direction: 'incoming', ...callerIdentityOf(invite.request), startedAt: invite.at, answeredAt: this.now() },
          localParty: message.to,
          remoteParty: invite.request.getHeader('from') ?? '',
          remoteTarget: contactUri(invite.request),
          routeSet: invite.request.getHeaders('record-route'),
        },
        localCSeq: 0,
        remoteCSeq: invite.request.cseq,
      });
    }
  }

  /** A message main delivered to the renderer. */
  onDeliveredToRenderer(message: ParsedMessage | RelayedResponse): void {
    if (message instanceof Core.IncomingRequestMessage) {
      if (message.method === 'INVITE' && !message.toTag) this.remember(message.callId, { direction: 'incoming', at: this.now(), request: message });
      else if (message.method === 'BYE' || message.method === 'CANCEL') {
        this.dialogs.delete(message.callId);
        if (message.method === 'CANCEL') this.pending.delete(message.callId);
      } else {
        const dialog = this.dialogs.get(message.callId);
        if (dialog && message.method !== 'ACK') dialog.remoteCSeq = Math.max(dialog.remoteCSeq, message.cseq);
      }
      return;
    }
    const invite = this.pending.get(message.callId);
    if (invite?.direction !== 'outgoing' || message.method !== 'INVITE' || (message.statusCode ?? 0) < 200) return;
    this.pending.delete(message.callId);
    if (!isSuccess(message)) return;
    const answeredAt = this.now();
    this.dialogs.set(message.callId, {
      callId: message.callId,
      parts: () => outgoingDialogParts(message instanceof Core.IncomingResponseMessage ? message : parseSipMessage(message.text), invite, answeredAt),
      localCSeq: invite.cseq,
      remoteCSeq: 0,
    });
  }

  /** A BYE ending each call the renderer had, and what to record about it; the table is emptied. */
  takeByes(viaHost: string): { readonly bye: string; readonly call: CallEndedByMain }[] {
    const ended = [...this.dialogs.values()].flatMap((dialog) => {
      const parts = partsOf(dialog);
      return parts ? [{ bye: buildBye(dialog, parts, viaHost, WINDOW_CLOSED), call: { callId: dialog.callId, ...parts.call } }] : [];
    });
    this.dialogs.clear();
    this.pending.clear();
    return ended;
  }

  /**
   * Ends one call both ways: a BYE to the far end, and one to the renderer
   * as if the far end had sent it (so its call ends with `hangUp.code`'s
   * words); the dialog leaves the table. Undefined when it is not established.
   */
  takeCall(callId: string, viaHost: string, hangUp: MainHangUp): { readonly toFarEnd: string; readonly toRenderer: string } | undefined {
    const dialog = this.dialogs.get(callId);
    if (!dialog) return undefined;
    this.dialogs.delete(callId);
    const parts = partsOf(dialog);
    if (!parts) return undefined;
    return { toFarEnd: buildBye(dialog, parts, viaHost, hangUp), toRenderer: buildByeToRenderer(dialog, parts, viaHost, hangUp) };
  }

  private remember(callId: string, invite: PendingInvite): void {
    this.pending.set(callId, invite);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
  }
}

/** The parts of a dialog, read once. */
function partsOf(dialog: Dialog): DialogParts | undefined {
  if (typeof dialog.parts !== 'function') return dialog.parts;
  const parts = dialog.parts();
  if (parts) dialog.parts = parts;
  return parts;
}

function outgoingDialogParts(message: ParsedMessage | undefined, invite: Extract<PendingInvite, { direction: 'outgoing' }>, answeredAt: number): DialogParts | undefined {
  if (!(message instanceof Core.IncomingResponseMessage)) return undefined;
  return {
    // The party the call reached, as its 2xx's To names it.
    call: { direction: 'outgoing', ...identityOfParty(message.to), startedAt: invite.at, answeredAt },
    localParty: invite.from,
    remoteParty: message.getHeader('to') ?? '',
    remoteTarget: contactUri(message),
    // A UAC's route set is the 2xx's Record-Route in reverse (§12.1.2).
    routeSet: message.getHeaders('record-route').slice().reverse(),
  };
}

function isSuccess(response: { readonly statusCode?: number }): boolean {
  const status = response.statusCode ?? 0;
  return status >= 200 && status < 300;
}

function contactUri(message: ParsedMessage): string {
  const contact = message.getHeader('contact') ?? '';
  return /<([^>]+)>/.exec(contact)?.[1] ?? contact.split(';')[0]!.trim();
}

function newBranch(): string {
  return `z9hG4bK${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

function reasonHeader(hangUp: MainHangUp): string {
  return `Reason: SIP;cause=200;text="${hangUp.text.replace(/["\\]/g, '')}"`;
}

/** The renderer's side of the dialog, seen from the far end: its AOR (what sip.js matches a Request-URI against) and the tags swapped. */
function buildByeToRenderer(dialog: Dialog, parts: DialogParts, viaHost: string, hangUp: MainHangUp): string {
  const localUri = /<([^>]+)>/.exec(parts.localParty)?.[1] ?? parts.localParty.split(';')[0]!.trim();
  return [
    `BYE ${localUri} SIP/2.0`,
    `Via: SIP/2.0/WS ${viaHost};branch=${newBranch()}`,
    'Max-Forwards: 70',
    `From: ${parts.remoteParty}`,
    `To: ${parts.localParty}`,
    `Call-ID: ${dialog.callId}`,
    `CSeq: ${dialog.remoteCSeq + 1} BYE`,
    reasonHeader(hangUp),
    ...(hangUp.code ? [`Warning: 399 softphone "${hangUp.code}"`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function buildBye(dialog: Dialog, parts: DialogParts, viaHost: string, hangUp: MainHangUp): string {
  // Loose routing (every proxy we meet uses ;lr): the Request-URI is the remote target.
  return [
    `BYE ${parts.remoteTarget} SIP/2.0`,
    `Via: SIP/2.0/WS ${viaHost};branch=${newBranch()}`,
    'Max-Forwards: 70',
    ...parts.routeSet.map((route) => `Route: ${route}`),
    `From: ${parts.localParty}`,
    `To: ${parts.remoteParty}`,
    `Call-ID: ${dialog.callId}`,
    `CSeq: ${dialog.localCSeq + 1} BYE`,
    reasonHeader(hangUp),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
