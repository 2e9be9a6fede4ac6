/**
 * Call history from main: All or Missed, a search, the calls grouped by day
 * (newest first), each with its kind in an icon and in words, Call back,
 * Add to contacts and Delete (with Undo); Clear history asks first. Opening
 * it clears the missed-calls badge. Deleting goes through main, the single
 * writer of history.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallRecord } from '../../app/call-history';
import { groupByDay, visibleCalls, type HistoryFilter } from '../../app/history-view';
import { useT } from '../i18n/i18n';
import { useContactDirectory } from './contact-hooks';
import { useApi } from './contexts';
import { errorWords } from './error-words';
import { HistoryRow, type HistoryRowEvents } from './HistoryRow';
import { dayHeadingWords } from './history-words';
import { remoteLabel } from './call-words';
import { Icon } from './Icon';
import { useCallHistory, useUnseenMissedCallCount } from './store-selectors';
import { useNow } from './use-now';

/** What the status line under the toolbar says; kept as data so it follows a language change. */
type Outcome = { readonly kind: 'deleted'; readonly record: CallRecord; readonly name: string } | { readonly kind: 'cleared' } | { readonly kind: 'error'; readonly message: string };

export function HistoryScreen() {
  const t = useT();
  const { i18n } = useTranslation();
  const api = useApi();
  const history = useCallHistory();
  const unseen = useUnseenMissedCallCount();
  const directory = useContactDirectory();
  const now = useNow(true, 60_000);
  const ids = { search: useId(), clear: useId() };
  const [filter, setFilter] = useState<HistoryFilter>('all');
  const [query, setQuery] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [isConfirmingClear, setIsConfirmingClear] = useState(false);
  const undoRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (unseen > 0) void api.markMissedCallsSeen();
  }, [api, unseen]);

  useEffect(() => {
    if (outcome?.kind === 'deleted') undoRef.current?.focus();
  }, [outcome]);

  const nameOf = (record: CallRecord) => directory.find(record.remoteUri)?.contact.name ?? remoteLabel(record);
  const shown = visibleCalls(history, filter, query, (record) => [nameOf(record), record.remoteName ?? '', record.remoteUri]);
  const days = groupByDay(shown);

  const events: HistoryRowEvents = {
    onError: (message) => setOutcome({ kind: 'error', message }),
    onDeleted: (record, name) => setOutcome({ kind: 'deleted', record, name }),
  };

  const undo = async (record: CallRecord) => {
    const result = await api.recordCall(record);
    setOutcome(result.ok ? null : { kind: 'error', message: errorWords(t, result.error) });
  };

  const clear = async () => {
    const result = await api.clearHistory();
    setIsConfirmingClear(false);
    setOutcome(result.ok ? { kind: 'cleared' } : { kind: 'error', message: errorWords(t, result.error) });
    // The question and the calls are gone: focus goes back to the top of the screen, not to the page.
    headingRef.current?.focus();
  };

  return (
    <section className="history-screen" aria-labelledby="history-heading">
      <div className="history-header">
        <h1 id="history-heading" ref={headingRef} tabIndex={-1}>
          {t('history.heading')}
        </h1>
        <button
          type="button"
          className="button button-quiet"
          disabled={history.length === 0}
          aria-expanded={isConfirmingClear}
          aria-controls={ids.clear}
          onClick={() => setIsConfirmingClear(true)}
        >
          <Icon name="trash" size={16} />
          {t('history.clear')}
        </button>
      </div>
      <div id={ids.clear} className="confirm" role="group" aria-label={t('history.clearQuestion', { count: history.length })} hidden={!isConfirmingClear}>
        {isConfirmingClear && (
          <>
            <p>{t('history.clearQuestion', { count: history.length })}</p>
            <span className="button-row">
              <button type="button" className="button button-danger" autoFocus onClick={() => void clear()}>
                {t('history.clearYes')}
              </button>
              <button type="button" className="button" onClick={() => setIsConfirmingClear(false)}>
                {t('history.keep')}
              </button>
            </span>
          </>
        )}
      </div>
      <div className="history-toolbar">
        <div className="segmented" role="group" aria-label={t('history.filterLabel')}>
          {(['all', 'missed'] as const).map((value) => (
            <button key={value} type="button" className="segment" aria-pressed={filter === value} onClick={() => setFilter(value)}>
              {value === 'all' ? t('history.filterAll') : t('history.filterMissed')}
            </button>
          ))}
        </div>
        <div className="field history-search">
          <label htmlFor={ids.search} className="visually-hidden">
            {t('history.searchLabel')}
          </label>
          <input id={ids.search} type="search" autoComplete="off" placeholder={t('history.searchPlaceholder')} value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      </div>
      <div className="history-outcome" role="status" aria-live="polite">
        {outcome?.kind === 'deleted' && (
          <p>
            {t('history.deleted', { name: outcome.name })}{' '}
            <button ref={undoRef} type="button" className="button button-quiet" onClick={() => void undo(outcome.record)}>
              {t('history.undo')}
            </button>
          </p>
        )}
        {outcome?.kind === 'cleared' && <p>{t('history.cleared')}</p>}
        {outcome?.kind === 'error' && <p className="inline-error">{t('history.actionFailed', { message: outcome.message })}</p>}
      </div>
      {shown.length === 0 ? (
        <p className="empty-hint">{history.length === 0 ? t('history.empty') : query.trim() ? t('history.noMatch', { query: query.trim() }) : t('history.noMissed')}</p>
      ) : (
        <div className="history-days" role="group" aria-label={t('history.listLabel')}>
          {days.map((day) => {
            const heading = dayHeadingWords(t, i18n.language, day.dayStart, now);
            return (
              <section key={day.dayStart} className="history-day" aria-label={heading}>
                <h2 className="history-day-heading">{heading}</h2>
                <ul className="history-list">
                  {day.calls.map((record) => (
                    <HistoryRow key={record.id} record={record} name={nameOf(record)} isContact={directory.find(record.remoteUri) !== undefined} events={events} />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}
