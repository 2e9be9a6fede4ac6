/** History in words and icons: each kind of call, and the day headings. */
import type { CallRecord } from '../../app/call-history';
import { callKind, dayName, type CallKind } from '../../app/history-view';
import type { Translate } from '../i18n/i18n';
import { callFailureWords, formatDuration } from './call-words';
import type { IconName } from './Icon';

/** Each kind its own shape, so it never rests on color alone (the row also says it in words). */
export function callKindIcon(record: CallRecord): IconName {
  const kind = callKind(record);
  if (kind === 'completed') return record.direction === 'incoming' ? 'call-incoming' : 'call-outgoing';
  const icons: Readonly<Record<Exclude<CallKind, 'completed'>, IconName>> = {
    missed: 'missed-call',
    declined: 'call-declined',
    busy: 'call-busy',
    cancelled: 'call-cancelled',
    failed: 'warning',
  };
  return icons[kind];
}

/** "Incoming", "Outgoing", "Missed", "Declined", "Busy", "Cancelled" or "Failed". */
export function callKindLabel(t: Translate, record: CallRecord): string {
  switch (callKind(record)) {
    case 'completed':
      return record.direction === 'incoming' ? t('history.incoming') : t('history.outgoing');
    case 'missed':
      return t('history.missed');
    case 'declined':
      return t('history.declined');
    case 'busy':
      return t('history.busy');
    case 'cancelled':
      return t('history.cancelled');
    case 'failed':
      return t('history.failed');
  }
}

/** What follows the kind: the duration of an answered call, why one failed or was turned away; empty when the kind says it all. */
export function callDetailWords(t: Translate, record: CallRecord): string {
  if (record.answeredAt !== undefined) return formatDuration(record.endedAt - record.answeredAt);
  const kind = callKind(record);
  if (!record.outcome || kind === 'cancelled' || kind === 'declined' || record.outcome === 'missed' || record.outcome === 'busy') return '';
  return callFailureWords(t, { code: record.outcome, message: record.outcomeText ?? record.outcome, statusCode: record.outcomeStatusCode });
}

/** "Today", "Yesterday", or the date in the user's language. */
export function dayHeadingWords(t: Translate, language: string, dayStart: number, now: number): string {
  const name = dayName(dayStart, now);
  if (name === 'today') return t('history.today');
  if (name === 'yesterday') return t('history.yesterday');
  const sameYear = new Date(dayStart).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(language, { weekday: 'long', month: 'long', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(dayStart);
}
