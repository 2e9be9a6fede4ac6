/**
 * Moments and spans in the UI's language: "10:02" today, "Yesterday 10:02",
 * "3 Mar, 10:02" this year and "3 Mar 2025, 10:02" before, with seconds only
 * when minutes would hide the difference. The words come from `Intl`, so
 * they follow the language without translation keys.
 */
import type { Translate } from '../i18n/i18n';

export interface MomentOptions {
  /** Also show seconds (for spans shorter than a minute). */
  readonly withSeconds?: boolean;
  /** Compared with the moment to decide whether the date is needed. */
  readonly now?: number;
}

export function formatMoment(language: string, epochMs: number, options: MomentOptions = {}): string {
  const now = options.now ?? Date.now();
  const time: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', ...(options.withSeconds ? { second: '2-digit' } : {}) };
  if (isSameDay(epochMs, now)) return dateTimeFormat(language, time).format(epochMs);
  if (isSameDay(epochMs, dayBefore(now))) {
    const yesterday = new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(-1, 'day');
    return `${capitalise(yesterday, language)} ${dateTimeFormat(language, time).format(epochMs)}`;
  }
  const isThisYear = new Date(epochMs).getFullYear() === new Date(now).getFullYear();
  const date: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', ...(isThisYear ? {} : { year: 'numeric' }) };
  return dateTimeFormat(language, { ...date, ...time }).format(epochMs);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per language and options, kept: making an
 * `Intl.DateTimeFormat` costs far more than formatting with it, and lists
 * (history, the Dial screen's recent calls) format a moment per row on every
 * render, including the renders of a call being answered.
 */
function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** Both ends of a span; with seconds when they would otherwise read the same. */
export function formatSpan(language: string, from: number, to: number, now = Date.now()): { from: string; to: string } {
  const short = { from: formatMoment(language, from, { now }), to: formatMoment(language, to, { now }) };
  if (short.from !== short.to) return short;
  return { from: formatMoment(language, from, { now, withSeconds: true }), to: formatMoment(language, to, { now, withSeconds: true }) };
}

/** "40 s", "12 min", "2 h 5 min", "3 d 4 h". */
export function durationWords(t: Translate, milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.round(milliseconds / 1000));
  if (totalSeconds < 60) return t('duration.seconds', { value: totalSeconds });
  const totalMinutes = Math.round(totalSeconds / 60);
  if (totalMinutes < 60) return t('duration.minutes', { value: totalMinutes });
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return t('duration.hoursMinutes', { hours: totalHours, minutes: totalMinutes % 60 });
  return t('duration.daysHours', { days: Math.floor(totalHours / 24), hours: totalHours % 24 });
}

function dayBefore(epochMs: number): number {
  const day = new Date(epochMs);
  day.setDate(day.getDate() - 1);
  return day.getTime();
}

/** "yesterday" → "Yesterday" (languages without case are left as they are). */
function capitalise(text: string, language: string): string {
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}

function isSameDay(a: number, b: number): boolean {
  const first = new Date(a);
  const second = new Date(b);
  return (
    first.getFullYear() === second.getFullYear() && first.getMonth() === second.getMonth() && first.getDate() === second.getDate()
  );
}
