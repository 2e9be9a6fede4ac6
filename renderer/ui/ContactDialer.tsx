/**
 * Click-to-dial for contacts. With one enabled account the call starts at
 * once; with several, a modal asks which account, the last choice (else a
 * registered account) preselected, so Enter calls right away.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { AccountView } from '../../app/account';
import { useT } from '../i18n/i18n';
import { useSoftphoneStore } from '../store/softphone-store';
import { useCallControls } from './contexts';
import { Icon } from './Icon';
import { preferredAccount } from './preferred-account';
import { StatusDot } from './StatusDot';
import { accountName, useAccounts } from './store-selectors';
import { accountStatusColor, registrationStatusWords } from './status-words';
import { errorWords } from './error-words';

interface DialRequest {
  readonly target: string;
  readonly name: string;
}

export interface ContactDialer {
  /** Calls `target` (a number or SIP address of contact `name`), asking for the account when there are several. */
  dial(target: string, name: string): void;
  /** Why the last attempt failed, in words. */
  readonly error: string | null;
  /** The account question, while it is asked; render it once. */
  readonly element: ReactNode;
}

export function useContactDialer(): ContactDialer {
  const t = useT();
  const controls = useCallControls();
  const accounts = useAccounts();
  const setLastAccountId = useSoftphoneStore((state) => state.setLastContactAccountId);
  const [request, setRequest] = useState<DialRequest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const enabled = accounts.filter((account) => account.enabled);

  const call = useCallback(
    async (accountId: string, target: string) => {
      setLastAccountId(accountId);
      const result = await controls.call(accountId, target);
      if (!result.ok) setError(errorWords(t, result.error));
    },
    [controls, setLastAccountId],
  );

  const dial = (target: string, name: string) => {
    setError(null);
    if (enabled.length === 0) setError(t('contacts.noEnabledAccount'));
    else if (enabled.length === 1) void call(enabled[0]!.id, target);
    else setRequest({ target, name });
  };

  const element = request && (
    <AccountChooser
      request={request}
      accounts={enabled}
      onChoose={(accountId) => {
        setRequest(null);
        void call(accountId, request.target);
      }}
      onCancel={() => setRequest(null)}
    />
  );
  return { dial, error, element };
}

function AccountChooser(props: { request: DialRequest; accounts: readonly AccountView[]; onChoose(accountId: string): void; onCancel(): void }) {
  const t = useT();
  const lastAccountId = useSoftphoneStore((state) => state.lastContactAccountId);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [chosenId, setChosenId] = useState(() => preferredAccount(props.accounts, lastAccountId)?.id ?? '');

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosenId) props.onChoose(chosenId);
  };

  return (
    // Esc fires `cancel`, which closes the dialog: treat it as Cancel.
    <dialog ref={dialogRef} className="account-chooser" aria-labelledby={headingId} onCancel={props.onCancel}>
      <form onSubmit={submit}>
        <h2 id={headingId}>{t('contacts.chooseAccountTitle', { name: props.request.name })}</h2>
        <p className="account-chooser-target">{props.request.target}</p>
        <fieldset className="account-chooser-options">
          <legend className="visually-hidden">{t('contacts.chooseAccountLegend')}</legend>
          {props.accounts.map((account) => (
            <label key={account.id} className="account-chooser-option">
              <input type="radio" name="account" value={account.id} checked={chosenId === account.id} onChange={() => setChosenId(account.id)} />
              <StatusDot color={accountStatusColor(account)} />
              <span>{accountName(account)}</span>
              <span className="account-chooser-status">{registrationStatusWords(t, account)}</span>
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-call" disabled={!chosenId}>
            <Icon name="phone" size={16} />
            {t('contacts.callFromAccount')}
          </button>
          <button type="button" className="button" onClick={props.onCancel}>
            {t('contacts.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
