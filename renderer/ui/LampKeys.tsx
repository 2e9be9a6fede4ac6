/**
 * Busy lamps on the Dial screen: each watched line with its state (idle,
 * ringing, in a call, unknown, not offered by the server), one click to
 * call, pick up or transfer (see LampButton). main subscribes; this only
 * shows the lamps and asks main to watch or forget a line.
 */
import { useId, useState, type FormEvent } from 'react';
import type { AccountView } from '../../app/account';
import { useT } from '../i18n/i18n';
import { displayUri } from './call-words';
import { useContactDirectory } from './contact-hooks';
import { useApi } from './contexts';
import { errorWords } from './error-words';
import { Icon } from './Icon';
import { LampButton, useLamps } from './LampButton';

export function LampKeys({ account }: { account: AccountView }) {
  const t = useT();
  const api = useApi();
  const directory = useContactDirectory();
  const lamps = useLamps().filter((lamp) => lamp.accountId === account.id);
  const inputId = useId();
  const [line, setLine] = useState('');
  const [error, setError] = useState<string | null>(null);
  const nameOf = (target: string) => directory.find(target)?.contact.name ?? displayUri(target);

  const watch = async (event: FormEvent) => {
    event.preventDefault();
    if (line.trim() === '') return;
    const result = await api.watchLamp({ accountId: account.id, target: line });
    setError(result.ok ? null : errorWords(t, result.error));
    if (result.ok) setLine('');
  };

  return (
    <section className="lamp-keys" aria-label={t('lamps.heading')}>
      {lamps.length > 0 && (
        <ul className="lamp-list">
          {lamps.map((lamp) => (
            <li key={lamp.target} className="lamp-item">
              <LampButton lamp={lamp} name={nameOf(lamp.target)} onError={setError} />
              <button
                type="button"
                className="button button-icon"
                aria-label={t('lamps.unwatch', { name: nameOf(lamp.target) })}
                onClick={() => void api.unwatchLamp({ accountId: account.id, target: lamp.target })}
              >
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="lamp-watch field" onSubmit={(event) => void watch(event)}>
        <label htmlFor={inputId}>{t('lamps.watchLabel')}</label>
        <div className="lamp-watch-row">
          <input id={inputId} type="text" value={line} autoComplete="off" onChange={(event) => setLine(event.target.value)} />
          <button type="submit" className="button" disabled={line.trim() === ''}>
            {t('lamps.watch')}
          </button>
        </div>
      </form>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
