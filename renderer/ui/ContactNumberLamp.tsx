/**
 * A contact number's busy lamp on the Contacts screen: the lamp when an
 * account watches that line, else a button that watches it from the
 * account calls start from.
 */
import { useT } from '../i18n/i18n';
import { useSoftphoneStore } from '../store/softphone-store';
import { useApi } from './contexts';
import { errorWords } from './error-words';
import { LampButton, useLampOfNumber } from './LampButton';
import { defaultAccount } from './preferred-account';

export function ContactNumberLamp({ number, name, onError }: { number: string; name: string; onError(message: string | null): void }) {
  const t = useT();
  const api = useApi();
  const lamp = useLampOfNumber(number);
  const account = useSoftphoneStore((state) => defaultAccount(state.snapshot?.accounts ?? []));
  if (lamp) return <LampButton lamp={lamp} name={name} onError={onError} />;
  if (!account) return null;
  const watch = async () => {
    const result = await api.watchLamp({ accountId: account.id, target: number });
    onError(result.ok ? null : errorWords(t, result.error));
  };
  return (
    <button type="button" className="button button-icon" aria-label={t('lamps.watchLine', { name: `${name} (${number})` })} title={t('lamps.watchLine', { name })} onClick={() => void watch()}>
      <span className="lamp-dot" aria-hidden="true" />
    </button>
  );
}
