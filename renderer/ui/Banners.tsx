/**
 * Banners above the screens: a warning for each stretch of time an account
 * could not receive calls ("you may have missed calls …"), the plain-text
 * password warning, and main's notices; all but the password one dismissible.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../app/account';
import type { Notice, UnreachablePeriodView } from '../../app/ipc-contract';
import { useT } from '../i18n/i18n';
import { useApi } from './contexts';
import { statusDetailWords } from './status-words';
import { Icon } from './Icon';
import { noticeWords } from './notice-words';
import { accountName, isUnseenMissedCallsPeriod, useAccounts, useCredentialStorage, useNotices, useUnreachablePeriods } from './store-selectors';
import { formatSpan } from './time-words';
import { errorWords } from './error-words';

export function Banners() {
  const t = useT();
  const credentialStorage = useCredentialStorage();
  const notices = useNotices();
  const accounts = useAccounts();
  const periods = useUnreachablePeriods();
  const isPlainText = credentialStorage === 'plain-text';
  // An ongoing period already shows on its chip; a closed one gets a warning
  // until the user has seen it. Newest first.
  const missed = periods
    .filter(isUnseenMissedCallsPeriod)
    .flatMap((period) => {
      const account = accounts.find((candidate) => candidate.id === period.accountId);
      return account ? [{ period, account }] : [];
    })
    .reverse();
  if (!isPlainText && notices.length === 0 && missed.length === 0) return null;
  return (
    <section className="banners" aria-label={t('banners.regionLabel')}>
      {missed.map(({ period, account }) => (
        <MissedCallsBanner key={period.id} period={period} account={account} />
      ))}
      {isPlainText && (
        <div className="banner banner-warning" role="status">
          <Icon name="warning" size={18} />
          <p>{t('banners.plainTextPasswords')}</p>
        </div>
      )}
      {notices.map((notice) => (
        <NoticeBanner key={notice.id} notice={notice} />
      ))}
    </section>
  );
}

function MissedCallsBanner({ period, account }: { period: UnreachablePeriodView; account: AccountView }) {
  const t = useT();
  const { i18n } = useTranslation();
  const api = useApi();
  const messageId = useId();
  const [isDismissing, setIsDismissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const span = formatSpan(i18n.language, period.from, period.to ?? period.from);
  const dismiss = async () => {
    setIsDismissing(true);
    setError(null);
    try {
      const result = await api.acknowledgeUnreachablePeriod({ id: period.id });
      if (!result.ok) setError(errorWords(t, result.error));
    } finally {
      setIsDismissing(false);
    }
  };
  return (
    <div className="banner banner-missed" role="alert" aria-labelledby={messageId} data-period={period.id}>
      <Icon name="missed-call" size={18} />
      <div className="banner-body">
        <p id={messageId} className="banner-title">
          {t('banners.missedCalls', { account: accountName(account), from: span.from, to: span.to })}
        </p>
        <p className="banner-detail">{statusDetailWords(t, period.detail)}</p>
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
