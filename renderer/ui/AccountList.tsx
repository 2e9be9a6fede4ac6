/**
 * Settings' account list: status in words, an Enabled switch, Edit, Remove
 * with a confirm step inside the row, and the account's reachability history.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { AccountView } from '../../app/account';
import { useT } from '../i18n/i18n';
import { useApi } from './contexts';
import { Icon } from './Icon';
import { StatusDot } from './StatusDot';
import { ReachabilityHistory } from './ReachabilityHistory';
import { accountName } from './store-selectors';
import { accountStatusColor, registrationStatusWords } from './status-words';
import { errorWords } from './error-words';

export interface AccountListProps {
  readonly accounts: readonly AccountView[];
  onEdit(accountId: string): void;
  /** Called after main removed an account, with the name it was shown under. */
  onRemoved(name: string): void;
}

export function AccountList(props: AccountListProps) {
  const t = useT();
  return (
    <ul className="account-list" aria-label={t('settings.accountsHeading')}>
      {props.accounts.map((account) => (
        <AccountListItem key={account.id} account={account} onEdit={props.onEdit} onRemoved={props.onRemoved} />
      ))}
    </ul>
  );
}

interface AccountListItemProps {
  readonly account: AccountView;
  onEdit(accountId: string): void;
  onRemoved(name: string): void;
}

function AccountListItem({ account, onEdit, onRemoved }: AccountListItemProps) {
  const t = useT();
  const api = useApi();
  const nameId = useId();
  const switchId = useId();
  const confirmId = useId();
  const [pendingEnabled, setPendingEnabled] = useState<boolean | null>(null);
  const [isConfirmingRemove, setIsConfirmingRemove] = useState(false);
  const [isRemoving, setIsRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const cancelRemoveRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const name = accountName(account);

  // The switch shows the requested state until main's snapshot agrees.
  useEffect(() => {
    if (pendingEnabled !== null && account.enabled === pendingEnabled) setPendingEnabled(null);
  }, [account.enabled, pendingEnabled]);

  useEffect(() => {
    if (isConfirmingRemove) cancelRemoveRef.current?.focus();
    else if (wasConfirming.current) removeRef.current?.focus();
    wasConfirming.current = isConfirmingRemove;
  }, [isConfirmingRemove]);

  const setEnabled = async (enabled: boolean) => {
    setPendingEnabled(enabled);
    setError(null);
    // Only the switch changes: every other saved field stays as it is.
    const result = await api.setAccountEnabled({ id: account.id, enabled });
    if (!result.ok) {
      setPendingEnabled(null);
      setError(errorWords(t, result.error));
    }
  };

  const remove = async () => {
    setIsRemoving(true);
    setError(null);
    try {
      const result = await api.removeAccount({ id: account.id });
      if (result.ok) onRemoved(name);
      else {
        setError(errorWords(t, result.error));
        setIsConfirmingRemove(false);
      }
    } finally {
      setIsRemoving(false);
    }
  };

  const isEnabled = pendingEnabled ?? account.enabled;
  return (
    <li className="account-item" aria-labelledby={nameId}>
      <div className="account-item-main">
        <p id={nameId} className="account-item-name">
          {name}
        </p>
        <p className="account-item-address">{account.sipAddress}</p>
        <p className="account-item-status">
          <StatusDot color={accountStatusColor(account)} />
          <span>{registrationStatusWords(t, account)}</span>
        </p>
      </div>
      <div className="account-item-controls">
        <div className="switch">
          <input
            id={switchId}
            type="checkbox"
            role="switch"
            checked={isEnabled}
            disabled={pendingEnabled !== null}
            onChange={(event) => void setEnabled(event.target.checked)}
          />
          <label htmlFor={switchId}>{t('settings.enabled')}</label>
        </div>
        {isConfirmingRemove ? null : (
          <div className="button-row">
            <button type="button" className="button" onClick={() => onEdit(account.id)}>
              <Icon name="edit" size={16} />
              {t('settings.edit')}
            </button>
            <button ref={removeRef} type="button" className="button button-danger-quiet" onClick={() => setIsConfirmingRemove(true)}>
              <Icon name="trash" size={16} />
              {t('settings.remove')}
            </button>
          </div>
        )}
      </div>
      {isConfirmingRemove && (
        <div className="confirm" role="group" aria-labelledby={confirmId}>
          <p id={confirmId}>{t('settings.confirmRemove', { name })}</p>
          <div className="button-row">
            <button type="button" className="button button-danger" disabled={isRemoving} onClick={() => void remove()}>
              {t('settings.confirmRemoveYes')}
            </button>
            <button ref={cancelRemoveRef} type="button" className="button" onClick={() => setIsConfirmingRemove(false)}>
              {t('settings.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {t('settings.actionFailed', { message: error })}
        </p>
      )}
      <ReachabilityHistory accountId={account.id} />
    </li>
  );
}
