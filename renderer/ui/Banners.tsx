/**
 * Banners above the screens: one warning for the stretches of time accounts
 * could not receive calls ("you may have missed calls …"; several outages
 * make one banner, not one each), the plain-text password warning, and
 * main's notices; each can be dismissed (the password warning for the
 * storage it is about: another storage warns again).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../app/account';
import type { Notice, UnreachablePeriodView } from '../../app/ipc-contract';
import type { StatusDetail } from '../../app/status-detail';
import { useT } from '../i18n/i18n';
import { useApi } from './contexts';
import { statusDetailWords } from './status-words';
import { Icon } from './Icon';
import { noticeWords } from './notice-words';
import { accountName, isUnseenMissedCallsPeriod, useAccounts, useNotices, usePlainTextPasswordWarning, useUnreachablePeriods } from './store-selectors';
import { formatSpan } from './time-words';
import { errorWords } from './error-words';
import { useSettingsUpdate } from './use-settings-update';

export function Banners() {
  const t = useT();
  const plainTextStorageId = usePlainTextPasswordWarning();
  const notices = useNotices();
  const accounts = useAccounts();
  const periods = useUnreachablePeriods();
  const isPlainText = plainTextStorageId !== null;
  // An ongoing period already shows on its chip; closed ones get a warning
  // until the user has seen them.
  const missed = missedCallsSummary(periods, accounts);
  if (!isPlainText && notices.length === 0 && !missed) return null;
  return (
    <section className="banners" aria-label={t('banners.regionLabel')}>
      {missed && <MissedCallsBanner summary={missed} />}
      {plainTextStorageId !== null && <PlainTextPasswordsBanner storageId={plainTextStorageId} />}
      {notices.map((notice) => (
        <NoticeBanner key={notice.id} notice={notice} />
      ))}
    </section>
  );
}

/** Every unseen outage of the accounts that still exist, as one warning. */
export interface MissedCallsSummary {
  readonly periodIds: readonly string[];
  /** The accounts affected, in the order of their first outage. */
  readonly accounts: readonly AccountView[];
  readonly from: number;
  readonly to: number;
  /** Why the most recent outage happened. */
  readonly latestDetail: StatusDetail;
}

export function missedCallsSummary(periods: readonly UnreachablePeriodView[], accounts: readonly AccountView[]): MissedCallsSummary | undefined {
  const unseen = periods.filter((period) => isUnseenMissedCallsPeriod(period) && accounts.some((account) => account.id === period.accountId));
  const latest = unseen.at(-1);
  if (!latest) return undefined;
  const affected = [...new Set(unseen.map((period) => period.accountId))];
  return {
    periodIds: unseen.map((period) => period.id),
    accounts: affected.map((id) => accounts.find((account) => account.id === id)!),
    from: Math.min(...unseen.map((period) => period.from)),
    to: Math.max(...unseen.map((period) => period.to ?? period.from)),
    latestDetail: latest.detail,
  };
}

function MissedCallsBanner({ summary }: { summary: MissedCallsSummary }) {
  const t = useT();
  const { i18n } = useTranslation();
  const api = useApi();
  const messageId = useId();
  const [isDismissing, setIsDismissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const span = formatSpan(i18n.language, summary.from, summary.to);
  const account = summary.accounts.map(accountName).join(', ');
  const count = summary.periodIds.length;
  const dismiss = async () => {
    setIsDismissing(true);
    setError(null);
    try {
      const results = await Promise.all(summary.periodIds.map((id) => api.acknowledgeUnreachablePeriod({ id })));
      const failed = results.find((result) => !result.ok);
      if (failed && !failed.ok) setError(errorWords(t, failed.error));
    } finally {
      setIsDismissing(false);
    }
  };
  return (
    <div className="banner banner-missed" role="alert" aria-labelledby={messageId} data-periods={count}>
      <Icon name="missed-call" size={18} />
      <div className="banner-body">
        <p id={messageId} className="banner-title">
          {count === 1
            ? t('banners.missedCalls', { account, from: span.from, to: span.to })
            : t('banners.missedCallsRepeated', { account, from: span.from, to: span.to, count })}
        </p>
        <p className="banner-detail">{statusDetailWords(t, summary.latestDetail)}</p>
        {error && <p className="banner-error">{t('banners.dismissFailed', { message: error })}</p>}
      </div>
      <button
        type="button"
        className="button button-quiet"
        disabled={isDismissing}
        aria-describedby={messageId}
        onClick={() => void dismiss()}
      >
        {t('banners.dismiss')}
      </button>
    </div>
  );
}

/** Dismissed in settings, for this storage only: main's next snapshot hides it (here and in every window). */
function PlainTextPasswordsBanner({ storageId }: { storageId: string }) {
  const t = useT();
  const { update } = useSettingsUpdate();
  const messageId = useId();
  const [error, setError] = useState<string | null>(null);
  const dismiss = async () => {
    const refused = await update({ dismissedCredentialWarning: storageId });
    setError(refused ? errorWords(t, refused) : null);
  };
  return (
    <div className="banner banner-warning" role="status">
      <Icon name="warning" size={18} />
      <div className="banner-body">
        <p id={messageId}>{t('banners.plainTextPasswords')}</p>
        {error && <p className="banner-error">{t('banners.dismissFailed', { message: error })}</p>}
      </div>
      <button type="button" className="button button-quiet" aria-describedby={messageId} onClick={() => void dismiss()}>
        {t('banners.dismiss')}
      </button>
    </div>
  );
}

function NoticeBanner({ notice }: { notice: Notice }) {
  const t = useT();
  const api = useApi();
  const [isDismissing, setIsDismissing] = useState(false);
  const dismiss = async () => {
    setIsDismissing(true);
    try {
      await api.dismissNotice({ id: notice.id });
    } finally {
      setIsDismissing(false);
    }
  };
  return (
    <div className="banner banner-notice" role="alert" data-code={notice.code}>
      <Icon name="info" size={18} />
      <p>{noticeWords(t, notice)}</p>
      <button type="button" className="button button-quiet" disabled={isDismissing} onClick={() => void dismiss()}>
        {t('banners.dismiss')}
      </button>
    </div>
  );
}
