/**
 * Contacts: search by name or number (case and accents ignored), add, edit,
 * delete (after a confirmation), favourite; every number is a Call button.
 * Import/export and the number region sit below the list.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../app/contact';
import { contactMatchesQuery, sortContacts } from '../../app/contact-search';
import { useT } from '../i18n/i18n';
import { useSoftphoneStore, type ContactDraft } from '../store/softphone-store';
import { useContactDialer } from './ContactDialer';
import { ContactForm } from './ContactForm';
import { useContacts } from './contact-hooks';
import { ContactsTransfer } from './ContactsTransfer';
import { numberLabelWords } from './contact-words';
import { errorWords } from './error-words';
import { useApi } from './contexts';
import { Icon } from './Icon';
import { presenceColor, presenceWords } from './presence-words';
import { StatusDot } from './StatusDot';
import { useContactPresence } from './store-selectors';

type Editor = { readonly kind: 'add'; readonly draft?: ContactDraft } | { readonly kind: 'edit'; readonly contact: Contact };

export function ContactsScreen() {
  const t = useT();
  const { i18n } = useTranslation();
  const contacts = useContacts();
  const dialer = useContactDialer();
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [editor, setEditor] = useState<Editor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const draft = useSoftphoneStore((state) => state.contactDraft);
  const setContactDraft = useSoftphoneStore((state) => state.setContactDraft);
  // "Add to contacts" elsewhere: open the form with it, once.
  useEffect(() => {
    if (!draft) return;
    setEditor({ kind: 'add', draft });
    setContactDraft(null);
  }, [draft, setContactDraft]);
  const shown = sortContacts(
    contacts.filter((contact) => contactMatchesQuery(contact, query)),
    i18n.language,
  );

  return (
    <section className="contacts-screen" aria-labelledby="contacts-heading">
      <div className="contacts-header">
        <h1 id="contacts-heading">{t('contacts.heading')}</h1>
        <button type="button" className="button button-primary" onClick={() => setEditor({ kind: 'add' })} disabled={editor?.kind === 'add'}>
          <Icon name="plus" size={16} />
          {t('contacts.add')}
        </button>
      </div>
      {editor && (
        <ContactForm
          key={editor.kind === 'edit' ? editor.contact.id : `new-${editor.draft?.number ?? ''}`}
          contact={editor.kind === 'edit' ? editor.contact : undefined}
          initialName={editor.kind === 'add' ? editor.draft?.name : undefined}
          initialNumber={editor.kind === 'add' ? editor.draft?.number : undefined}
          onDone={() => setEditor(null)}
        />
      )}
      <div className="field contacts-search">
        <label htmlFor={searchId}>{t('contacts.searchLabel')}</label>
        <input id={searchId} type="search" autoComplete="off" placeholder={t('contacts.searchPlaceholder')} value={query} onChange={(event) => setQuery(event.target.value)} />
      </div>
      {(dialer.error ?? error) && (
        <p className="inline-error" role="alert">
          {dialer.error ?? error}
        </p>
      )}
      {contacts.length === 0 ? (
        <p className="empty-hint">{t('contacts.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="empty-hint" role="status">
          {t('contacts.noMatch', { query })}
        </p>
      ) : (
        <ul className="contacts-list" aria-label={t('contacts.listLabel')}>
          {shown.map((contact) => (
            <ContactRow key={contact.id} contact={contact} onDial={dialer.dial} onEdit={() => setEditor({ kind: 'edit', contact })} onError={setError} />
          ))}
        </ul>
      )}
      <ContactsTransfer />
      {dialer.element}
    </section>
  );
}

function ContactRow(props: { contact: Contact; onDial(target: string, name: string): void; onEdit(): void; onError(message: string | null): void }) {
  const { contact } = props;
  const t = useT();
  const api = useApi();
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const confirmId = useId();
  const presence = useContactPresence(contact.id);

  const run = async (action: () => Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>) => {
    props.onError(null);
    const result = await action();
    if (!result.ok) props.onError(errorWords(t, result.error));
  };

  return (
    <li className="contact-row" data-favourite={contact.isFavourite || undefined}>
      <div className="contact-top">
        <p className="contact-name">{contact.name}</p>
        {presence && (
          <span className="contact-presence" data-presence={presence}>
            <StatusDot color={presenceColor(presence)} />
            {presenceWords(t, presence)}
          </span>
        )}
        <button
          type="button"
          className="button button-icon contact-star"
          aria-pressed={contact.isFavourite}
          aria-label={t('contacts.favouriteToggle', { name: contact.name })}
          title={contact.isFavourite ? t('contacts.unfavourite') : t('contacts.makeFavourite')}
          onClick={() => void run(() => api.setContactFavourite({ id: contact.id, isFavourite: !contact.isFavourite }))}
        >
          <Icon name="star" size={18} />
        </button>
        <button type="button" className="button button-icon" aria-label={t('contacts.edit', { name: contact.name })} title={t('contacts.edit', { name: contact.name })} onClick={props.onEdit}>
          <Icon name="edit" size={16} />
        </button>
        <button
          type="button"
          className="button button-icon"
          aria-label={t('contacts.delete', { name: contact.name })}
          title={t('contacts.delete', { name: contact.name })}
          aria-expanded={isConfirmingDelete}
          aria-controls={confirmId}
          onClick={() => setIsConfirmingDelete(true)}
        >
          <Icon name="trash" size={16} />
        </button>
      </div>
      <ul className="contact-numbers" aria-label={t('contacts.numbersOf', { name: contact.name })}>
        {contact.numbers.map((entry, index) => {
          const label = numberLabelWords(t, entry.label);
          return (
            <li key={`${index}-${entry.value}`}>
              <button
                type="button"
                className="contact-number"
                aria-label={t('contacts.callNumber', { name: contact.name, label, number: entry.value })}
                onClick={() => props.onDial(entry.value, contact.name)}
              >
                <Icon name="phone" size={14} />
                <span className="contact-number-label">{label}</span>
                <span className="contact-number-value">{entry.value}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <div id={confirmId} className="contact-confirm" role="group" aria-label={t('contacts.deleteQuestion', { name: contact.name })} hidden={!isConfirmingDelete}>
        {isConfirmingDelete && (
          <>
            <p>{t('contacts.deleteQuestion', { name: contact.name })}</p>
            <button type="button" className="button button-danger" autoFocus onClick={() => void run(() => api.removeContact({ id: contact.id }))}>
              {t('contacts.confirmDelete')}
            </button>
            <button type="button" className="button" onClick={() => setIsConfirmingDelete(false)}>
              {t('contacts.keep')}
            </button>
          </>
        )}
      </div>
    </li>
  );
}
