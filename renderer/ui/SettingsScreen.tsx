/**
 * Settings, in sections reached from a bar at the top: Accounts (either
 * the list or the account form; {@link App} owns which, so the Dial
 * screen's welcome and a chip's "Edit account" can open the form too),
 * Audio, Calls, Network and General; the other sections and the bar hide
 * while an account form is open. Every setting applies at once
 * (docs/DESIGN.md, "Saving settings").
 */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import { AccountForm } from './AccountForm';
import { AccountList } from './AccountList';
import { AudioSettings } from './AudioSettings';
import { CallsSettings } from './CallsSettings';
import { GeneralSettings } from './GeneralSettings';
import { NetworkSettings } from './NetworkSettings';
import { Icon } from './Icon';
import { SettingsNavigation } from './SettingsNavigation';
import { StartAtLoginOffer } from './StartAtLoginOffer';
import { useAccounts } from './store-selectors';

/** What the account form is open for; `null` shows the list. */
export type AccountEditorTarget = { readonly kind: 'add' } | { readonly kind: 'edit'; readonly accountId: string };

export interface SettingsScreenProps {
  readonly editor: AccountEditorTarget | null;
  onEditorChange(editor: AccountEditorTarget | null): void;
}

export function SettingsScreen(props: SettingsScreenProps) {
  const { editor, onEditorChange } = props;
  const t = useT();
  const accounts = useAccounts();
  // Kept as a key, not words, so it follows a language change.
  const [message, setMessage] = useState<{ key: 'settings.saved' | 'settings.removed'; name: string } | null>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editor !== null);
  const editedAccount = editor?.kind === 'edit' ? accounts.find((account) => account.id === editor.accountId) : undefined;
  const isEditorGone = editor?.kind === 'edit' && editedAccount === undefined;
  const isEditing = editor !== null && !isEditorGone;

  // An account removed elsewhere while its form was open: back to the list.
  useEffect(() => {
    if (isEditorGone) onEditorChange(null);
  }, [isEditorGone, onEditorChange]);

  // Closing the form returns focus to where forms start.
  useEffect(() => {
    if (wasEditing.current && editor === null) addButtonRef.current?.focus();
    wasEditing.current = editor !== null;
  }, [editor]);

  const openEditor = (target: AccountEditorTarget) => {
    setMessage(null);
    onEditorChange(target);
  };

  return (
    <section className="screen-settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings.heading')}</h1>
      {!isEditing && <SettingsNavigation />}
      <div className="settings-section" id="settings-accounts">
        {editor && isEditing ? (
          <AccountForm
            key={editor.kind === 'edit' ? editor.accountId : 'add'}
            account={editedAccount}
            onSaved={(name) => {
              setMessage({ key: 'settings.saved', name });
              onEditorChange(null);
            }}
            onCancel={() => onEditorChange(null)}
          />
        ) : (
          <>
            <div className="section-header">
              <h2>{t('settings.accountsHeading')}</h2>
              <button ref={addButtonRef} type="button" className="button button-primary" onClick={() => openEditor({ kind: 'add' })}>
                <Icon name="plus" size={16} />
                {t('settings.addAccount')}
              </button>
            </div>
            {accounts.length === 0 ? (
              <p className="muted">{t('settings.noAccounts')}</p>
            ) : (
              <AccountList
                accounts={accounts}
                onEdit={(accountId) => openEditor({ kind: 'edit', accountId })}
                onRemoved={(name) => {
                  setMessage({ key: 'settings.removed', name });
                  addButtonRef.current?.focus();
                }}
              />
            )}
          </>
        )}
        <p className="settings-message" role="status">
          {message ? t(message.key, { name: message.name }) : ''}
        </p>
        {!isEditing && <StartAtLoginOffer />}
      </div>
      {!isEditing && (
        <>
          <AudioSettings />
          <CallsSettings />
          <NetworkSettings />
          <GeneralSettings />
        </>
      )}
    </section>
  );
}
