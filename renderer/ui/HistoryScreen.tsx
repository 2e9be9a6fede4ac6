/**
 * Call history from main: newest first, missed calls marked, one click to
 * call back. Opening it clears the missed-calls badge.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isMissed, type CallRecord } from '../../app/call-history';
import { useT } from '../i18n/i18n';
import { callBackTarget, callFailureWords, callKindWords, formatDuration } from './call-words';
import { useCallerLabeler } from './contact-hooks';
import { useApi, useCallControls } from './contexts';
import { Icon } from './Icon';
import { qualitySummaryWords } from './media-words';
import { formatMoment } from './time-words';
import { errorWords } from './error-words';
import { useCallHistory, useUnseenMissedCallCount } from './store-selectors';

export function HistoryScreen() {
  const t = useT();
  const api = useApi();
  const history = useCallHistory();
  const unseen = useUnseenMissedCallCount();
  const labelOf = useCallerLabeler();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (unseen > 0) void api.markMissedCallsSeen();
  }, [api, unseen]);

  const records = [...history].reverse();
  return (
    <section className="history-screen" aria-labelledby="history-heading">
      <h1 id="history-heading">{t('history.heading')}</h1>
      {error && (
        <p className="inline-error" role="alert">
          {t('history.callBackFailed', { message: error })}
        </p>
      )}
      {records.length === 0 ? (
        <p className="empty-hint">{t('history.empty')}</p>
      ) : (
        <ul className="history-list" aria-label={t('history.listLabel')}>
          {records.map((record) => (
            <HistoryRow key={record.id} record={record} name={labelOf(record)} onError={setError} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HistoryRow({ record, name, onError }: { record: CallRecord; name: string; onError(message: string): void }) {
  const t = useT();
  const { i18n } = useTranslation();
  const controls = useCallControls();
  const missed = isMissed(record);
  const kind = callKindWords(t, record);
  const outcome =
    record.answeredAt !== undefined
      ? formatDuration(record.endedAt - record.answeredAt)
      : record.outcome && record.outcome !== 'missed'
        ? callFailureWords(t, { code: record.outcome, message: record.outcomeText ?? record.outcome, statusCode: record.outcomeStatusCode })
        : '';
  const callBack = async () => {
    const result = await controls.call(record.accountId, callBackTarget(record));
    if (!result.ok) onError(errorWords(t, result.error));
  };
  return (
    <li className="history-row" data-missed={missed || undefined}>
      <Icon name={missed ? 'missed-call' : 'phone'} size={18} />
      <div className="history-info">
        <p className="history-name">{name}</p>
        <p className="history-meta">
          <span>{kind}</span> · <span>{formatMoment(i18n.language, record.startedAt)}</span>
          {outcome && <> · <span>{outcome}</span></>}
        </p>
        {record.quality && <p className="history-meta history-quality">{qualitySummaryWords(t, record.quality)}</p>}
      </div>
      <button type="button" className="button" aria-label={t('history.callBack', { name })} onClick={() => void callBack()}>
        <Icon name="phone" size={16} />
      </button>
    </li>
  );
}
