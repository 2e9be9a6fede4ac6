/**
 * What the History screen shows, as pure rules: each call's kind (the icon
 * and word it gets), the All / Missed filter, the search, and the grouping
 * by day. Dates are the user's local days.
 */
import { isMissed, type CallRecord } from './call-history';

/**
 * How a call went, from the user's side:
 * - `completed`: answered (either way);
 * - `missed`: incoming, nobody answered here (also when main turned it away);
 * - `declined`: incoming, the user declined it;
 * - `busy`: outgoing, the other side was busy or declined;
 * - `cancelled`: outgoing, the user hung up before an answer;
 * - `failed`: outgoing, it could not be put through (not found, no answer, …).
 */
export type CallKind = 'completed' | 'missed' | 'declined' | 'busy' | 'cancelled' | 'failed';

export function callKind(record: CallRecord): CallKind {
  if (record.answeredAt !== undefined) return 'completed';
  if (record.direction === 'incoming') return isMissed(record) ? 'missed' : 'declined';
  switch (record.outcome) {
    case 'busy':
    case 'declined':
      return 'busy';
    case 'cancelled':
    case 'cancelled-here':
      return 'cancelled';
    default:
      return 'failed';
  }
}

export type HistoryFilter = 'all' | 'missed';

/** A call's words to search in: its shown name (a contact's, else the caller's) and its address. */
export type SearchableText = (record: CallRecord) => readonly string[];

function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/** Newest first, narrowed by the filter and by a query found in any of the call's words. */
export function visibleCalls(records: readonly CallRecord[], filter: HistoryFilter, query: string, wordsOf: SearchableText): CallRecord[] {
  const needle = folded(query.trim());
  return records
    .filter((record) => filter === 'all' || isMissed(record))
    .filter((record) => needle === '' || wordsOf(record).some((text) => folded(text).includes(needle)))
    .sort((a, b) => b.startedAt - a.startedAt);
}

export interface CallDay {
  /** Local midnight that starts the day, as a timestamp. */
  readonly dayStart: number;
  readonly calls: readonly CallRecord[];
}

/** Local midnight of the day `at` falls in. */
export function startOfDay(at: number): number {
  const date = new Date(at);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Newest-first calls in one group per local day, in the same order. */
export function groupByDay(newestFirst: readonly CallRecord[]): CallDay[] {
  const days: { dayStart: number; calls: CallRecord[] }[] = [];
  for (const record of newestFirst) {
    const dayStart = startOfDay(record.startedAt);
    const last = days.at(-1);
    if (last?.dayStart === dayStart) last.calls.push(record);
    else days.push({ dayStart, calls: [record] });
  }
  return days;
}

/** `today`, `yesterday`, or `earlier` (named by its date), relative to `now`. */
export function dayName(dayStart: number, now: number): 'today' | 'yesterday' | 'earlier' {
  const today = startOfDay(now);
  if (dayStart === today) return 'today';
  // Not today − 24 h: a day with a daylight-saving change is 23 or 25 hours long.
  return dayStart === startOfDay(today - 1) ? 'yesterday' : 'earlier';
}
