/** Call progress, quality and DTMF in words (the "media" area of the call panel and history). */
import type { CallProgress } from '../../app/call-progress';
import { qualityRating, type CallQualitySummary, type QualityRating, type QualitySample } from '../../app/call-quality';
import type { Translate, TranslationKey } from '../i18n/i18n';
import type { CallView } from '../store/call-view';

const PROGRESS_KEYS: Readonly<Record<CallProgress, TranslationKey>> = {
  ringing: 'call.ringing',
  'session-progress': 'media.sessionProgress',
  'early-media': 'media.earlyMedia',
};

/** For an outgoing call that is ringing: what the network told us; undefined otherwise. */
export function outgoingProgressWords(t: Translate, call: Pick<CallView, 'direction' | 'phase'>, progress: CallProgress | undefined): string | undefined {
  if (call.direction !== 'outgoing' || call.phase !== 'ringing' || !progress) return undefined;
  return t(PROGRESS_KEYS[progress]);
}

const RATING_KEYS: Readonly<Record<QualityRating, TranslationKey>> = {
  excellent: 'media.ratingExcellent',
  good: 'media.ratingGood',
  fair: 'media.ratingFair',
  poor: 'media.ratingPoor',
  bad: 'media.ratingBad',
};

export function qualityWords(t: Translate, mos: number): string {
  return t('media.quality', { rating: t(RATING_KEYS[qualityRating(mos)]), mos: mos.toFixed(1) });
}

const round = (value: number) => (Math.round(value * 10) / 10).toString();

export function qualityDetailWords(t: Translate, sample: QualitySample): string {
  const rtt = sample.roundTripMs === undefined ? t('media.unknown') : t('media.milliseconds', { value: round(sample.roundTripMs) });
  return t('media.qualityDetails', {
    jitter: t('media.milliseconds', { value: round(sample.jitterMs) }),
    loss: round(sample.packetLossPct),
    rtt,
  });
}

export function qualitySummaryWords(t: Translate, summary: CallQualitySummary): string {
  const rtt = summary.rttAvgMs === undefined ? t('media.unknown') : t('media.milliseconds', { value: round(summary.rttAvgMs) });
  return t('media.summary', {
    rating: t(RATING_KEYS[qualityRating(summary.mosAvg)]),
    mosAvg: summary.mosAvg.toFixed(1),
    mosMin: summary.mosMin.toFixed(1),
    jitter: t('media.milliseconds', { value: round(summary.jitterMaxMs) }),
    loss: round(summary.packetLossPct),
    rtt,
  });
}
