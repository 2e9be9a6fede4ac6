/**
 * Sends a REFER and follows its progress through the NOTIFYs that come back
 * (RFC 3515): the transferee reports each response to the INVITE it sent to
 * the target as a sipfrag.
 */
import type { Session, URI } from 'sip.js';
import { parseSipfragStatus, transferStateFromStatus, type TransferState } from '../../app/sipfrag';
import { callFailureFromStatus, type CallFailure } from '../../app/sip-failure';
import { describeError } from '../../app/result';

type TransferListener = (state: TransferState, failure?: CallFailure) => void;

/**
 * `referTo` a URI: blind transfer. A Session: attended transfer (sip.js
 * builds Refer-To from that dialog's remote target with Replaces).
 * `onProgress` hears each step; `succeeded` and `failed` are final.
 */
export function sendRefer(session: Session, referTo: URI | Session, onProgress: TransferListener): void {
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
