/**
 * Add or edit a contact: a name, numbers or SIP addresses each with a label
 * (Mobile, Work, Home, Extension, Other, or the user's own words), and
 * Favourite. A new number's label follows what is typed (a SIP name is an
 * Extension, a phone number a Mobile) until the user picks one. Checked here
 * for instant feedback; main checks again.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  isStandardLabel,
  MAX_NUMBERS_PER_CONTACT,
  STANDARD_NUMBER_LABELS,
  suggestedNumberLabel,
  validateContactInput,
  type Contact,
  type ContactNumber,
} from '../../app/contact';
import { useT } from '../i18n/i18n';
import { errorWords } from './error-words';
import { useApi } from './contexts';
import { Icon } from './Icon';

const CUSTOM = '__custom__';

interface NumberRow {
  readonly key: number;
  /** A standard label or CUSTOM. */
  readonly kind: string;
  readonly customLabel: string;
  readonly value: string;
  /** The label was picked by the user (or saved): typing no longer changes it. */
  readonly isLabelChosen: boolean;
}

export interface ContactFormProps {
  /** Absent: a new contact. */
  readonly contact?: Contact;
  /** A number to start a new contact with (e.g. from the dial field or History). */
  readonly initialNumber?: string;
  /** A name to start a new contact with (the caller's display name). */
  readonly initialName?: string;
  onDone(): void;
}

let nextRowKey = 1;

function rowOf(entry: ContactNumber, isLabelChosen = true): NumberRow {
  const isStandard = isStandardLabel(entry.label);
  return { key: nextRowKey++, kind: isStandard ? entry.label : CUSTOM, customLabel: isStandard ? '' : entry.label, value: entry.value, isLabelChosen };
}

/** A row the user has not labelled yet: its label follows its value. */
function newRow(value = ''): NumberRow {
  return rowOf({ label: suggestedNumberLabel(value), value }, false);
}

export function ContactForm(props: ContactFormProps) {
  const t = useT();
  const api = useApi();
  const ids = { heading: useId(), name: useId(), favourite: useId(), error: useId() };
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(props.contact?.name ?? props.initialName ?? '');
  const [isFavourite, setIsFavourite] = useState(props.contact?.isFavourite ?? false);
  const [rows, setRows] = useState<NumberRow[]>(() => props.contact?.numbers.map((entry) => rowOf(entry)) ?? [newRow(props.initialNumber)]);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => nameRef.current?.focus(), []);

  const changeRow = (key: number, change: Partial<NumberRow>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const input = {
      name,
      isFavourite,
      numbers: rows.map((row) => ({ label: row.kind === CUSTOM ? row.customLabel.trim() || 'other' : row.kind, value: row.value })),
    };
    const valid = validateContactInput(input);
    if (!valid.ok) {
      setError(errorWords(t, valid.error));
      return;
    }
    setIsSaving(true);
    try {
      const result = props.contact ? await api.updateContact({ id: props.contact.id, input: valid.value }) : await api.addContact(valid.value);
      if (result.ok) props.onDone();
      else setError(errorWords(t, result.error));
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <form className="contact-form" aria-labelledby={ids.heading} onSubmit={(event) => void save(event)} noValidate>
      <h2 id={ids.heading}>{props.contact ? t('contacts.editTitle', { name: props.contact.name }) : t('contacts.newTitle')}</h2>
      <div className="field">
        <label htmlFor={ids.name}>{t('contacts.nameLabel')}</label>
        <input ref={nameRef} id={ids.name} type="text" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} maxLength={200} />
      </div>
      <fieldset className="contact-form-numbers">
        <legend>{t('contacts.numbersLegend')}</legend>
        {rows.map((row, index) => (
          <div key={row.key} className="contact-form-number">
            <select aria-label={t('contacts.labelFor', { index: index + 1 })} value={row.kind} onChange={(event) => changeRow(row.key, { kind: event.target.value, isLabelChosen: true })}>
              {STANDARD_NUMBER_LABELS.map((label) => (
                <option key={label} value={label}>
                  {t(`contacts.labels.${label}`)}
                </option>
              ))}
              <option value={CUSTOM}>{t('contacts.labels.custom')}</option>
            </select>
            {row.kind === CUSTOM && (
              <input
                type="text"
                className="contact-form-custom-label"
                aria-label={t('contacts.customLabelFor', { index: index + 1 })}
                placeholder={t('contacts.customLabelPlaceholder')}
                value={row.customLabel}
                maxLength={40}
                onChange={(event) => changeRow(row.key, { customLabel: event.target.value })}
              />
            )}
            <input
              type="text"
              inputMode="tel"
              autoComplete="off"
              spellCheck={false}
              aria-label={t('contacts.numberFor', { index: index + 1 })}
              placeholder={t('contacts.numberPlaceholder')}
              value={row.value}
              maxLength={256}
              onChange={(event) =>
                changeRow(row.key, { value: event.target.value, ...(row.isLabelChosen ? {} : { kind: suggestedNumberLabel(event.target.value) }) })
              }
            />
            <button
              type="button"
              className="button button-icon"
              aria-label={t('contacts.removeNumber', { index: index + 1 })}
              title={t('contacts.removeNumber', { index: index + 1 })}
              disabled={rows.length === 1}
              onClick={() => setRows((current) => current.filter((candidate) => candidate.key !== row.key))}
            >
              <Icon name="trash" size={16} />
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-quiet"
          disabled={rows.length >= MAX_NUMBERS_PER_CONTACT}
          onClick={() => setRows((current) => [...current, newRow()])}
        >
          <Icon name="plus" size={16} />
          {t('contacts.addNumber')}
        </button>
      </fieldset>
      <div className="field field-checkbox">
        <input id={ids.favourite} type="checkbox" checked={isFavourite} onChange={(event) => setIsFavourite(event.target.checked)} />
        <label htmlFor={ids.favourite}>{t('contacts.favouriteLabel')}</label>
      </div>
      {error && (
        <p id={ids.error} className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={isSaving}>
          {t('contacts.save')}
        </button>
        <button type="button" className="button" onClick={props.onDone}>
          {t('contacts.cancel')}
        </button>
      </div>
    </form>
  );
}
