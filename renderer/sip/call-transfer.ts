/**
 * Transfers (RFC 3515, RFC 5589): blind and attended as the transferor, and
 * following a REFER as the transferee. The REFER's progress comes back in
 * NOTIFYs: the transferee reports each response to the INVITE it sent to
 * the target as a sipfrag.
 */
import { SessionState, UserAgent, type Referral, type Session, type URI } from 'sip.js';
import { addressOfView } from '../../app/account';
import { parseSipfragStatus, transferStateFromStatus, type TransferState } from '../../app/sipfrag';
import { callFailureFromStatus, type CallFailure } from '../../app/sip-failure';
import { describeError, fail, type ActionResult } from '../../app/result';
import { parseDialTarget } from '../../app/sip-address';
import type { TransferProgress } from '../store/call-view';
import { outgoingOptions } from './audio-only';
import { accountOf, type LiveCall, type LiveCalls } from './live-calls';
import type { OutgoingCalls } from './outgoing-calls';

export class CallTransfers {
  constructor(
    private readonly calls: LiveCalls,
    private readonly outgoing: OutgoingCalls,
  ) {}

  /** Blind transfer: asks the other side to call `target` instead. */
  transfer(callId: string, target: string): ActionResult {
    const call = this.calls.get(callId);
    const account = call && accountOf(call.view.accountId);
    const address = account && addressOfView(account);
    // A call whose account is gone is not connected any more either.
    if (!call || !address || call.session.state !== SessionState.Established) {
      return fail('transfer-not-connected', 'Only a connected call can be transferred.');
    }
    const uriText = parseDialTarget(target, address);
    if (!uriText.ok) return uriText;
    const uri = UserAgent.makeURI(uriText.value);
    if (!uri) return fail('call-address', `"${target}" is not a valid address.`);
    this.referAndFollow(call, uri, uriText.value);
    return { ok: true };
  }

  /** Attended transfer: connects the other side of `callId` with the other side of `consultCallId`. */
  completeTransfer(callId: string, consultCallId: string): void {
    const call = this.calls.get(callId);
    const consult = this.calls.get(consultCallId);
    if (!call || !consult || call.session.state !== SessionState.Established || consult.session.state !== SessionState.Established) return;
    this.referAndFollow(call, consult.session, consult.view.remoteName ?? consult.view.remoteUri);
  }

  /** The other side transfers us: accept, and call whom it names (with Replaces for an attended transfer). */
  onReferred(call: LiveCall, referral: Referral): void {
    const target = referral.referTo.uri.clone();
    target.clearHeaders();
    const remoteUri = target.toString();
    // An attended transfer names the target's Contact (a device address): its display name reads better.
    const remoteName = referral.referTo.displayName || undefined;
    this.calls.update(call.view.id, { transfer: { role: 'transferee', target: remoteName ?? remoteUri, state: 'requested' } });
    referral
      .accept()
      .then(() => this.outgoing.start(referral.makeInviter(outgoingOptions()), call.view.accountId, remoteUri, remoteName))
      .catch((error: unknown) => console.warn(`could not follow a transfer: ${describeError(error)}`));
  }

  /**
   * Sends the REFER and shows its progress on the call. Once the target
   * answered the transferee, our part is done: hang up (RFC 5589 §6). If it
   * failed, the call stays with us and the user is told why.
   */
  private referAndFollow(call: LiveCall, referTo: URI | Session, target: string): void {
    const callId = call.view.id;
    const show = (change: Omit<TransferProgress, 'role' | 'target'>) =>
      this.calls.update(callId, { transfer: { role: 'transferor', target, ...change } });
    show({ state: 'requested' });
    sendRefer(call.session, referTo, (state, failure) => {
      show({ state, failure });
      if (state === 'succeeded' && call.session.state === SessionState.Established) call.session.bye().catch(() => undefined);
    });
  }
}

type TransferListener = (state: TransferState, failure?: CallFailure) => void;

/**
 * `referTo` a URI: blind transfer. A Session: attended transfer (sip.js
 * builds Refer-To from that dialog's remote target with Replaces).
 * `onProgress` hears each step; `succeeded` and `failed` are final.
 */
function sendRefer(session: Session, referTo: URI | Session, onProgress: TransferListener): void {
  let isFinal = false;
  let hasProgress = false;
  const report: TransferListener = (state, failure) => {
    // The REFER's send may resolve after the first NOTIFY already arrived.
    if (isFinal || (state === 'requested' && hasProgress)) return;
    hasProgress = true;
    isFinal = state === 'succeeded' || state === 'failed';
    onProgress(state, failure);
  };
  session
    .refer(referTo, {
      requestDelegate: {
        onReject: (response) =>
          report('failed', refused(response.message.statusCode ?? 0, response.message.reasonPhrase ?? '')),
      },
      onNotify: (notification) => {
        void notification.accept().catch(() => undefined);
        const status = parseSipfragStatus(notification.request.body);
        if (!status) return;
        const state = transferStateFromStatus(status.statusCode);
        report(state, state === 'failed' ? callFailureFromStatus(status.statusCode, status.reasonPhrase) : undefined);
      },
    })
    .then(() => report('requested'))
    .catch((error: unknown) => report('failed', { code: 'failed', message: describeError(error) }));
}

/** The other side would not even try (e.g. 405 or 603 to the REFER itself). */
function refused(statusCode: number, reasonPhrase: string): CallFailure {
  return { code: 'transfer-refused', statusCode, message: `The other side refused the transfer (${statusCode} ${reasonPhrase})`.trim() };
}
