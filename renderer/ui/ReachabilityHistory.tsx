/**
 * An account's recent interruptions, newest first: "10:02 – 10:14 · 12 min ·
 * The server stopped answering keep-alives", or "Since 10:02 · …" while one lasts.
 */
import { useTranslation } from 'react-i18next';
import type { UnreachablePeriodView } from '../../app/ipc-contract';
import { useT } from '../i18n/i18n';
import { statusDetailWords } from './status-words';
import { Disclosure } from './Disclosure';
import { useUnreachablePeriods } from './store-selectors';
import { durationWords, formatMoment, formatSpan } from './time-words';
import { useNow } from './use-now';

/** How many periods the list shows. */
const SHOWN_PERIODS = 10;

export function ReachabilityHistory(props: { accountId: string }) {
  const t = useT();
  const periods = useUnreachablePeriods().filter((period) => period.accountId === props.accountId);
  const recent = periods.slice(-SHOWN_PERIODS).reverse();
  return (
    <Disclosure
      className="reachability"
      label={t('reachability.heading')}
      aside={
        periods.length > 0 && (
          <span className="reachability-count">{t('reachability.count', { count: periods.length })}</span>
        )
      }
    >
      {recent.length === 0 ? (
        <p className="muted">{t('reachability.empty')}</p>
      ) : (
        <ul className="reachability-list">
          {recent.map((period) => (
            <PeriodRow key={period.id} period={period} />
          ))}
        </ul>
      )}
    </Disclosure>
  );
}

function PeriodRow({ period }: { period: UnreachablePeriodView }) {
  const t = useT();
  const { i18n } = useTranslation();
  const isOngoing = period.to === undefined;
  const now = useNow(isOngoing);
  const reason = statusDetailWords(t, period.detail);
  let when: string;
  if (period.to === undefined) {
    when = t('reachability.since', { time: formatMoment(i18n.language, period.from), duration: durationWords(t, now - period.from) });
  } else {
    const span = formatSpan(i18n.language, period.from, period.to);
    when = t('reachability.span', { from: span.from, to: span.to, duration: durationWords(t, period.to - period.from) });
  }
  return (
    <li className="reachability-item" data-ongoing={isOngoing}>
      <span className="reachability-when">{when}</span>
      <span className="reachability-reason"> · {reason}</span>
    </li>
  );
}
