/**
 * The Voicemail button under the dial pad: it calls the account's voicemail
 * box (the number set in the account, else the one the server named) and
 * says how many messages are new.
 */
import { useState } from 'react';
import type { AccountView } from '../../app/account';
import { voicemailTarget } from '../../app/voicemail';
import { useT } from '../i18n/i18n';
import { useCallControls } from './contexts';
import { errorWords } from './error-words';
import { Icon } from './Icon';

export function VoicemailButton({ account }: { account: AccountView }) {
  const t = useT();
  const controls = useCallControls();
  const [error, setError] = useState<string | null>(null);
  const target = voicemailTarget(account.voicemailNumber, account.voicemail);
  const newCount = account.voicemail?.newCount ?? 0;
  const call = async () => {
    if (!target) return setError(t('voicemail.noNumber'));
    const result = await controls.call(account.id, target);
    setError(result.ok ? null : errorWords(t, result.error));
  };
  return (
    <div className="voicemail-row">
      <button
        type="button"
        className="button"
        aria-label={newCount > 0 ? t('voicemail.buttonWithCount', { count: newCount }) : t('voicemail.button')}
        disabled={!account.enabled}
        onClick={() => void call()}
      >
        <Icon name="message" size={16} />
        {t('voicemail.button')}
        {newCount > 0 && (
          <span className="count-badge" aria-hidden="true">
            {newCount > 99 ? '99+' : newCount}
          </span>
        )}
      </button>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
