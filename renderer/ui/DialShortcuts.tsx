/**
 * Below the dial pad: favourite contacts and the most recent calls, one
 * click to call. Recent calls go out on the account they used; favourites
 * ask for the account when there are several.
 */
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isMissed, type CallRecord } from '../../app/call-history';
import { sortContacts } from '../../app/contact-search';
import { useT } from '../i18n/i18n';
import { callBackTarget, callKindWords, displayUri } from './call-words';
import { useContactDialer } from './ContactDialer';
import { useCallerLabeler, useContacts } from './contact-hooks';
import { numberLabelWords } from './contact-words';
import { useCallControls } from './contexts';
import { Icon } from './Icon';
import { formatMoment } from './time-words';
import { errorWords } from './error-words';
import { useCallHistory } from './store-selectors';

const RECENT_COUNT = 5;
const FAVOURITES_COUNT = 8;

/** Memoised: it takes no props, so the Dial screen's re-renders (every change of a call, e.g. on Answer) leave it alone. */
export const DialShortcuts = memo(function DialShortcuts() {
  const t = useT();
  const { i18n } = useTranslation();
  const contacts = useContacts();
  const labelOf = useCallerLabeler();
  const history = useCallHistory();
  const controls = useCallControls();
  const dialer = useContactDialer();
  const [recentError, setRecentError] = useState<string | null>(null);

  const favourites = sortContacts(
    contacts.filter((contact) => contact.isFavourite && contact.numbers.length > 0),
    i18n.language,
  ).slice(0, FAVOURITES_COUNT);
  const callBack = async (record: CallRecord) => {
    setRecentError(null);
    const result = await controls.call(record.accountId, callBackTarget(record));
    if (!result.ok) setRecentError(errorWords(t, result.error));
  };
  const recent = latestPerParty(history).slice(0, RECENT_COUNT);
  if (favourites.length === 0 && recent.length === 0) return null;

  return (
    <div className="dial-shortcuts">
      {(dialer.error ?? recentError) && (
        <p className="inline-error" role="alert">
          {dialer.error ?? recentError}
        </p>
      )}
      {favourites.length > 0 && (
        <section aria-labelledby="dial-favourites-heading">
          <h2 id="dial-favourites-heading">{t('contacts.favouritesHeading')}</h2>
          <ul className="dial-shortcut-list">
            {favourites.map((contact) => {
              const first = contact.numbers[0]!;
              return (
                <li key={contact.id}>
                  <button type="button" className="dial-shortcut" aria-label={t('contacts.callName', { name: contact.name })} onClick={() => dialer.dial(first.value, contact.name)}>
                    <Icon name="star" size={16} />
                    <span className="dial-shortcut-name">{contact.name}</span>
                    <span className="dial-shortcut-meta">{`${numberLabelWords(t, first.label)} · ${first.value}`}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {recent.length > 0 && (
        <section aria-labelledby="dial-recent-heading">
          <h2 id="dial-recent-heading">{t('contacts.recentHeading')}</h2>
          <ul className="dial-shortcut-list">
            {recent.map((record) => {
              const name = labelOf(record);
              const kind = callKindWords(t, record);
              return (
                <li key={record.id}>
                  <button
                    type="button"
                    className="dial-shortcut"
                    data-missed={isMissed(record) || undefined}
                    aria-label={t('contacts.callName', { name })}
                    onClick={() => void callBack(record)}
                  >
                    <Icon name={isMissed(record) ? 'missed-call' : 'phone'} size={16} />
                    <span className="dial-shortcut-name">{name}</span>
                    <span className="dial-shortcut-meta">{`${kind} · ${formatMoment(i18n.language, record.startedAt)}`}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {dialer.element}
    </div>
  );
});

/** Newest first, one entry per party (the same person called five times is one shortcut). */
function latestPerParty(history: readonly CallRecord[]): CallRecord[] {
  const seen = new Set<string>();
  const latest: CallRecord[] = [];
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const record = history[index]!;
    const party = displayUri(record.remoteUri).toLowerCase();
    if (seen.has(party)) continue;
    seen.add(party);
    latest.push(record);
  }
  return latest;
}
