/** A line's transfer and conference state in words. */
import type { Translate } from '../i18n/i18n';
import type { CallView } from '../store/call-view';
import { callFailureWords, displayUri } from './call-words';

/**
 * What a line says about its transfer. An ended call speaks in the past: it
 * was transferred, or (a transfer still under way when the call ended) nothing,
 * since the call's end says what happened.
 */
export function transferWords(t: Translate, call: Pick<CallView, 'transfer' | 'phase'>): string | null {
  const { transfer } = call;
  if (!transfer) return null;
  const target = displayUri(transfer.target);
  if (call.phase === 'ended') {
    const wasTransferred = transfer.state === 'succeeded' || (transfer.role === 'transferee' && transfer.state !== 'failed');
    return wasTransferred ? t('lines.transferred', { target }) : null;
  }
  if (transfer.role === 'transferee') return transfer.state === 'failed' ? null : t('lines.beingTransferred', { target });
  switch (transfer.state) {
    case 'requested':
      return t('lines.transferring', { target });
    case 'ringing':
      return t('lines.transferRinging', { target });
    case 'succeeded':
      return t('lines.transferred', { target });
    case 'failed': {
      const failure = transfer.failure;
      let reason = '';
      if (failure?.code === 'transfer-refused') reason = t('lines.transferRefused', { statusCode: failure.statusCode });
      else if (failure) reason = callFailureWords(t, failure);
      return t('lines.transferFailed', { target, reason });
    }
  }
}
