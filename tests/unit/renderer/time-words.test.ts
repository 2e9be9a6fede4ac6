/** Dates, times and durations as a user reads them, in English and Chinese. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { i18n, initI18n, type Translate } from '../../../renderer/i18n/i18n';
import { formatDuration } from '../../../renderer/ui/call-words';
import { durationWords, formatMoment, formatSpan } from '../../../renderer/ui/time-words';

const at = (year: number, month: number, day: number, hour: number, minute: number, second = 0) => new Date(year, month - 1, day, hour, minute, second).getTime();
const now = at(2026, 11, 21, 15, 30);

/** ICU versions differ on whether "10:02 AM" has a plain or a narrow no-break space. */
const moment = (...args: Parameters<typeof formatMoment>) => formatMoment(...args).replace(/\s/gu, ' ');

let english: Translate;
let chinese: Translate;

before(() => {
  initI18n('en');
  const fixed = (language: string): Translate => {
    const t = i18n.getFixedT(language);
    return (key, options) => String(t(key, options ?? {}));
  };
  english = fixed('en');
  chinese = fixed('zh-CN');
});

test('today shows only the time; yesterday says so; this year leaves out the year', () => {
  assert.equal(moment('en', at(2026, 11, 21, 10, 2), { now }), '10:02 AM');
  assert.equal(moment('zh-CN', at(2026, 11, 21, 10, 2), { now }), '10:02');
  assert.equal(moment('en', at(2026, 11, 20, 23, 59), { now }), 'Yesterday 11:59 PM');
  assert.equal(moment('zh-CN', at(2026, 11, 20, 23, 59), { now }), '昨天 23:59');
  assert.equal(moment('en', at(2026, 3, 3, 10, 2), { now }), 'Mar 3, 10:02 AM');
  assert.equal(moment('zh-CN', at(2026, 3, 3, 10, 2), { now }), '3月3日 10:02');
  assert.equal(moment('en', at(2025, 3, 3, 10, 2), { now }), 'Mar 3, 2025, 10:02 AM');
  assert.equal(moment('zh-CN', at(2025, 3, 3, 10, 2), { now }), '2025年3月3日 10:02');
});

test('yesterday is the calendar day before, not 24 hours before', () => {
  const earlyMorning = at(2026, 11, 21, 0, 30);
  assert.equal(moment('en', at(2026, 11, 20, 23, 45), { now: earlyMorning }), 'Yesterday 11:45 PM');
  assert.equal(moment('en', at(2026, 11, 19, 23, 45), { now: earlyMorning }), 'Nov 19, 11:45 PM');
});

test('a span within one minute shows seconds so its ends differ', () => {
  const span = formatSpan('en', at(2026, 11, 21, 10, 2, 5), at(2026, 11, 21, 10, 2, 40), now);
  assert.deepEqual([span.from, span.to].map((end) => end.replace(/\s/gu, ' ')), ['10:02:05 AM', '10:02:40 AM']);
  assert.deepEqual(formatSpan('zh-CN', at(2026, 11, 21, 10, 2), at(2026, 11, 21, 11, 15), now), { from: '10:02', to: '11:15' });
});

test('durations in words in both languages', () => {
  assert.equal(durationWords(english, 40_000), '40 s');
  assert.equal(durationWords(chinese, 40_000), '40 秒');
  assert.equal(durationWords(english, 12 * 60_000), '12 min');
  assert.equal(durationWords(chinese, (2 * 60 + 5) * 60_000), '2 小时 5 分钟');
  assert.equal(durationWords(english, (3 * 24 + 4) * 3_600_000), '3 d 4 h');
  assert.equal(durationWords(chinese, -5), '0 秒', 'a clock that went backwards reads as nothing, not a negative span');
});

test('the call timer reads mm:ss, then h:mm:ss', () => {
  assert.equal(formatDuration(65_400), '01:05');
  assert.equal(formatDuration(3_600_000 + 62_000), '1:01:02');
});
