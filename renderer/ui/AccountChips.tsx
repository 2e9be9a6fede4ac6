/**
 * The top bar's account chips: name, status in words and a colored dot; a
 * chip opens a small non-modal popover with the reason, the last error (or,
 * when unreachable, since when and why), a countdown to the next automatic
 * attempt and "Retry now".
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountView } from '../../app/account';
import { voicemailWords } from '../../app/voicemail';
import { useTranslation } from 'react-i18next';
import { useT } from '../i18n/i18n';
import { useApi } from './contexts';
import { Icon } from './Icon';
import { StatusDot } from './StatusDot';
import { accountName, useAccounts } from './store-selectors';
import { accountStatusColor, registrationStatusHelp, registrationStatusWords, statusDetailWords } from './status-words';
import { formatMoment } from './time-words';
import { useNow } from './use-now';
import { errorWords } from './error-words';

export interface AccountChipsProps {
  /** Opens the account's form in Settings. */
  onEditAccount(accountId: string): void;
}

export function AccountChips(props: AccountChipsProps) {
  const t = useT();
  const accounts = useAccounts();
  const [openAccountId, setOpenAccountId] = useState<string | null>(null);
  if (accounts.length === 0) return <p className="chips-empty">{t('chips.noAccounts')}</p>;
  return (
    <ul className="chips" aria-label={t('chips.listLabel')}>
      {accounts.map((account) => (
        <AccountChip
          key={account.id}
          account={account}
          isOpen={openAccountId === account.id}
          onToggle={() => setOpenAccountId((current) => (current === account.id ? null : account.id))}
          onClose={() => setOpenAccountId((current) => (current === account.id ? null : current))}
          onEditAccount={props.onEditAccount}
        />
      ))}
    </ul>
  );
}

interface AccountChipProps {
  readonly account: AccountView;
  readonly isOpen: boolean;
  onToggle(): void;
  onClose(): void;
  onEditAccount(accountId: string): void;
}

function AccountChip({ account, isOpen, onToggle, onClose, onEditAccount }: AccountChipProps) {
  const t = useT();
  const popoverId = useId();
  const itemRef = useRef<HTMLLIElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const name = accountName(account);
  const words = registrationStatusWords(t, account);
  const newVoicemails = account.voicemail?.availability === 'active' ? (account.voicemail.newCount ?? 0) : 0;
  const label = newVoicemails > 0 ? `${t('chips.chipLabel', { name, status: words })}, ${t('voicemail.newCount', { count: newVoicemails })}` : t('chips.chipLabel', { name, status: words });

  useEffect(() => {
    if (!isOpen) return;
    const closeOnOutsidePointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !itemRef.current?.contains(event.target)) onClose();
    };
    document.addEventListener('pointerdown', closeOnOutsidePointer);
    return () => document.removeEventListener('pointerdown', closeOnOutsidePointer);
  }, [isOpen, onClose]);

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !isOpen) return;
    event.stopPropagation();
    onClose();
    buttonRef.current?.focus();
  };

  return (
    <li ref={itemRef} className="chip-item" onKeyDown={closeOnEscape}>
      <button
        ref={buttonRef}
        type="button"
        className="chip"
        data-color={accountStatusColor(account)}
        aria-label={label}
        aria-expanded={isOpen}
        aria-controls={isOpen ? popoverId : undefined}
        title={label}
        onClick={onToggle}
      >
        <StatusDot color={accountStatusColor(account)} />
        <span className="chip-name">{name}</span>
        <span className="chip-status">{words}</span>
        {newVoicemails > 0 && (
          <span className="count-badge" aria-hidden="true">
            {newVoicemails > 99 ? '99+' : newVoicemails}
          </span>
        )}
      </button>
      {isOpen && (
        <AccountDetails
          id={popoverId}
          account={account}
          onEdit={() => {
            onClose();
            onEditAccount(account.id);
          }}
        />
      )}
    </li>
  );
}

function AccountDetails(props: { id: string; account: AccountView; onEdit(): void }) {
  const { account } = props;
  const t = useT();
  const { i18n } = useTranslation();
  const api = useApi();
  const ref = useRef<HTMLDivElement>(null);
  const [isRetrying, setIsRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  const name = accountName(account);
  const { status } = account;
  const canRetry = account.enabled && status.kind !== 'registered';

  // Keep the popover inside the window when its chip sits near the right edge.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.style.removeProperty('left');
    const overflow = element.getBoundingClientRect().right - (window.innerWidth - 8);
    if (overflow > 0) element.style.left = `${-overflow}px`;
  }, []);

  const retry = async () => {
    setIsRetrying(true);
    setRetryError(null);
    try {
      const result = await api.retryAccount({ id: account.id });
      if (!result.ok) setRetryError(errorWords(t, result.error));
    } finally {
      setIsRetrying(false);
    }
  };

  return (
    <div ref={ref} id={props.id} className="chip-details" role="dialog" aria-label={t('chips.detailsLabel', { name })}>
      <p className="chip-details-address">{account.sipAddress}</p>
      <p className="chip-details-status">
        <StatusDot color={accountStatusColor(account)} />
        <strong>{registrationStatusWords(t, account)}</strong>
      </p>
      <p>{registrationStatusHelp(t, account)}</p>
      {voicemailWords(t, account.voicemail) && <p className="chip-details-voicemail">{voicemailWords(t, account.voicemail)}</p>}
      {account.enabled && status.kind === 'unreachable' && (
        <>
          <p className="chip-details-since">{t('chips.unreachableSince', { time: formatMoment(i18n.language, status.since) })}</p>
          {status.detail && <p className="chip-details-error">{t('chips.cause', { detail: statusDetailWords(t, status.detail) })}</p>}
        </>
      )}
      {account.enabled && status.kind === 'failed' && status.detail && (
        <p className="chip-details-error">{t('chips.lastError', { detail: statusDetailWords(t, status.detail) })}</p>
      )}
      {account.enabled && (status.kind === 'failed' || status.kind === 'unreachable') && status.nextRetryAt !== undefined && (
        <NextAttempt at={status.nextRetryAt} />
      )}
      {retryError && (
        <p className="inline-error" role="alert">
          {t('chips.retryFailed', { message: retryError })}
        </p>
      )}
      <div className="button-row">
        {canRetry && (
          <button type="button" className="button button-primary" onClick={() => void retry()} disabled={isRetrying}>
            <Icon name="retry" size={16} />
            {isRetrying ? t('chips.retrying') : t('chips.retryNow')}
          </button>
        )}
        <button type="button" className="button" onClick={props.onEdit}>
          <Icon name="edit" size={16} />
          {t('chips.editAccount')}
        </button>
      </div>
    </div>
  );
}

function NextAttempt(props: { at: number }) {
  const t = useT();
  const now = useNow(true);
  const remaining = Math.ceil((props.at - now) / 1000);
  let text: string;
  if (remaining <= 0) text = t('chips.nextAttemptNow');
  else if (remaining < 60) text = t('chips.nextAttemptSeconds', { seconds: remaining });
  else text = t('chips.nextAttemptMinutes', { minutes: Math.floor(remaining / 60), seconds: remaining % 60 });
  return <p className="chip-details-retry">{text}</p>;
}
