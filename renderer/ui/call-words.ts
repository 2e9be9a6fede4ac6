/** Call state and failures in words, and the call timer's format. */
import { isMissed, type CallRecord } from '../../app/call-history';
import type { CallFailure } from '../../app/sip-failure';
import type { TranslationKey, Translate } from '../i18n/i18n';
import type { CallView } from '../store/call-view';

export function callPhaseWords(t: Translate, call: Pick<CallView, 'phase' | 'isOnHold' | 'isHeldRemotely'>): string {
  if (call.phase === 'connected' && call.isOnHold) return t('call.onHold');
  if (call.phase === 'connected' && call.isHeldRemotely) return t('call.heldRemotely');
  switch (call.phase) {
    case 'calling':
      return t('call.calling');
    case 'ringing':
      return t('call.ringing');
    case 'connecting':
      return t('call.connecting');
    case 'connected':
      return t('call.connected');
    case 'ended':
      return t('call.ended');
  }
}

const FAILURE_KEYS: Readonly<Record<string, TranslationKey>> = {
  'not-found': 'failure.notFound',
  timeout: 'failure.timeout',
  unavailable: 'failure.unavailable',
  'address-incomplete': 'failure.addressIncomplete',
  busy: 'failure.busy',
  cancelled: 'failure.cancelled',
  'not-acceptable': 'failure.notAcceptable',
  forbidden: 'failure.forbidden',
  auth: 'failure.auth',
  'server-unavailable': 'failure.serverUnavailable',
  declined: 'failure.declined',
  'server-error': 'failure.serverError',
  failed: 'failure.failed',
  missed: 'failure.missed',
  dnd: 'failure.dnd',
  'no-window': 'failure.noWindow',
  'declined-here': 'failure.declinedHere',
  'cancelled-here': 'failure.cancelledHere',
  media: 'failure.media',
  'redirect-loop': 'media.redirectLoop',
  'no-common-codec': 'failure.noCommonCodec',
  'unsupported-media': 'failure.unsupportedMedia',
  'media-gateway-down': 'failure.mediaGatewayDown',
  'media-path-failed': 'failure.mediaPathFailed',
  'media-stopped': 'failure.mediaStopped',
  'media-auth-failed': 'failure.mediaAuthFailed',
};

/**
 * Translated by `failure.code`; codes the UI has no words for show the
 * engine's English message (tests/unit/renderer/error-words.test.ts keeps that from happening).
 */
export function callFailureWords(t: Translate, failure: CallFailure): string {
  const key = Object.hasOwn(FAILURE_KEYS, failure.code) ? FAILURE_KEYS[failure.code] : undefined;
  if (!key) return failure.message;
  if (key === 'failure.failed' && failure.statusCode === undefined) return t('failure.failedNoStatus');
  if (key === 'failure.serverError' && failure.statusCode === undefined) return failure.message;
  return t(key, { statusCode: failure.statusCode, defaultValue: failure.message });
}

/** `mm:ss`, or `h:mm:ss` past an hour. */
export function formatDuration(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** `sip:bob@example.com;transport=ws` → `bob@example.com`. */
export function displayUri(uri: string): string {
  return uri.replace(/^sips?:/i, '').replace(/;.*$/, '');
}

/** What to call the other side: its display name, else its address. */
export function remoteLabel(call: Pick<CallView, 'remoteName' | 'remoteUri'>): string {
  return call.remoteName?.trim() || displayUri(call.remoteUri);
}

/** "Missed", "Incoming" or "Outgoing". */
export function callKindWords(t: Translate, record: CallRecord): string {
  if (isMissed(record)) return t('history.missed');
  return record.direction === 'incoming' ? t('history.incoming') : t('history.outgoing');
}

/** What Call back dials: the address without its scheme, so the account's own transport is used. */
export function callBackTarget(record: Pick<CallRecord, 'remoteUri'>): string {
  return record.remoteUri.replace(/^sips?:/i, '');
}
