/**
 * Settings' "Network" section: the STUN/TURN servers calls use (none by
 * default). Edited as a list and, like every setting, applied at once:
 * when the user leaves the list (or presses Enter, or Save), and when a
 * server is removed; each row's error sits under its field, checked with
 * the same rules main applies. A saved TURN
 * password is never shown: its field stays empty to keep it, for the same
 * URL and user name only.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isSameIceServer, MAX_ICE_SERVERS, validateIceServers, type IceServerField, type IceServerSetting, type IceServerView } from '../../app/ice-servers';
import { useT } from '../i18n/i18n';
import { Icon } from './Icon';
import { errorWords } from './error-words';
import { useSettingsUpdate } from './use-settings-update';

interface RowError {
  readonly index: number;
  readonly field: IceServerField;
  readonly message: string;
}

export function NetworkSettings() {
  const t = useT();
  const { settings, update } = useSettingsUpdate();
  const headingId = useId();
  const hintId = useId();
  const saved = settings?.iceServers;
  const [rows, setRows] = useState<IceServerSetting[]>(() => saved?.map(toRow) ?? []);
  const [rowError, setRowError] = useState<RowError | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [isSaving, setIsSaving] = useState(false);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  // Main's copy changed (saved here or elsewhere): show it.
  useEffect(() => {
    if (saved) setRows(saved.map(toRow));
  }, [saved]);

  useEffect(() => {
    if (focusRow === null) return;
    listRef.current?.querySelectorAll<HTMLInputElement>('input[name="url"]')[focusRow]?.focus();
    setFocusRow(null);
  }, [focusRow]);

  if (!settings) return null;

  const change = (index: number, field: IceServerField, value: string) => {
    setRows((current) => current.map((row, at) => (at === index ? { ...row, [field]: value } : row)));
    setMessage('');
    if (rowError?.index === index) setRowError(null);
  };

  const hasChanges = () => JSON.stringify(rows) !== JSON.stringify(saved?.map(toRow) ?? []);

  /** `moveFocus`: to the first invalid field, when the user asked to save (not when they just left the list). */
  const save = async (current: readonly IceServerSetting[], moveFocus: boolean) => {
    setMessage('');
    setSaveError(null);
    const entries = current.map((row) => ({ url: row.url, username: row.username || undefined, credential: row.credential || undefined }));
    const checked = validateIceServers(entries, (entry) => hasSavedCredential(saved, entry));
    if (!checked.ok) {
      if (checked.index !== undefined && checked.fieldError) {
        setRowError({ index: checked.index, field: checked.fieldError.field, message: errorWords(t, checked.fieldError) });
        if (moveFocus) listRef.current?.querySelectorAll<HTMLInputElement>(`input[name="${checked.fieldError.field}"]`)[checked.index]?.focus();
      } else setSaveError(errorWords(t, checked.error));
      return;
    }
    setRowError(null);
    setIsSaving(true);
    try {
      const refused = await update({ iceServers: checked.value });
      if (refused) setSaveError(errorWords(t, refused));
      else setMessage(t('network.saved'));
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <section className="settings-section" aria-labelledby={headingId} id="settings-network">
      <h2 id={headingId}>{t('network.heading')}</h2>
      <form
        className="settings-card ice-servers"
        aria-labelledby={`${headingId}-ice`}
        aria-describedby={hintId}
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void save(rows, true);
        }}
        onBlur={(event) => {
          // Leaving the list applies it; moving between its own fields does not.
          if (!event.currentTarget.contains(event.relatedTarget as Node | null) && hasChanges()) void save(rows, false);
        }}
      >
        <h3 id={`${headingId}-ice`}>{t('network.iceHeading')}</h3>
        <p id={hintId} className="field-hint">
          {t('network.iceHint')}
        </p>
        {rows.length === 0 ? (
          <p className="muted">{t('network.empty')}</p>
        ) : (
          <ol className="ice-server-list" ref={listRef}>
            {rows.map((row, index) => (
              <IceServerRow
                key={index}
                index={index}
                row={row}
                hasSavedCredential={hasSavedCredential(saved, row)}
                error={rowError?.index === index ? rowError : undefined}
                onChange={(field, value) => change(index, field, value)}
                onRemove={() => {
                  const remaining = rows.filter((_, at) => at !== index);
                  setRows(remaining);
                  setRowError(null);
                  void save(remaining, false);
                }}
              />
            ))}
          </ol>
        )}
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={rows.length >= MAX_ICE_SERVERS}
            onClick={() => {
              setRows((current) => [...current, { url: '' }]);
              setFocusRow(rows.length);
            }}
          >
            <Icon name="plus" size={16} />
            {t('network.add')}
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving}>
            {isSaving ? t('network.saving') : t('network.save')}
          </button>
        </div>
        {saveError && (
          <p className="inline-error" role="alert">
            {t('network.saveFailed', { message: saveError })}
          </p>
        )}
        <p className="settings-message" role="status">
          {message}
        </p>
        <p className="field-hint settings-note">{t('network.keepAliveNote')}</p>
      </form>
    </section>
  );
}

/** An editable row: the password field starts empty (a saved one stays in main). */
function toRow(view: IceServerView): IceServerSetting {
  return { url: view.url, ...(view.username !== undefined ? { username: view.username } : {}) };
}

function hasSavedCredential(saved: readonly IceServerView[] | undefined, entry: { readonly url: string; readonly username?: string | undefined }): boolean {
  return saved?.some((view) => view.hasCredential === true && isSameIceServer(view, entry)) === true;
}

interface IceServerRowProps {
  readonly index: number;
  readonly row: IceServerSetting;
  /** A password is saved for this row's URL and user name: an empty field keeps it. */
  readonly hasSavedCredential: boolean;
  readonly error: RowError | undefined;
  onChange(field: IceServerField, value: string): void;
  onRemove(): void;
}

function IceServerRow(props: IceServerRowProps) {
  const t = useT();
  const id = useId();
  const number = props.index + 1;
  const isTurn = /^turns?:/i.test(props.row.url.trim());
  const field = (name: IceServerField, label: string, type: 'text' | 'password', placeholder?: string) => {
    const hasError = props.error?.field === name;
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          name={name}
          type={type}
          value={props.row[name] ?? ''}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete={type === 'password' ? 'new-password' : 'off'}
          aria-invalid={hasError ? true : undefined}
          aria-describedby={hasError ? `${id}-error` : undefined}
          onChange={(event) => props.onChange(name, event.target.value)}
        />
      </div>
    );
  };
  return (
    <li className="ice-server-row" aria-label={t('network.serverLabel', { index: number })}>
      {field('url', t('network.url'), 'text', t('network.urlPlaceholder'))}
      {(isTurn || props.row.username || props.row.credential) && (
        <div className="ice-server-credentials">
          {field('username', t('network.username'), 'text')}
          {field('credential', t('network.credential'), 'password', props.hasSavedCredential ? t('network.credentialKeepPlaceholder') : undefined)}
        </div>
      )}
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error.message}
        </p>
      )}
      <button type="button" className="button button-quiet" onClick={props.onRemove}>
        <Icon name="close" size={16} />
        {t('network.remove', { index: number })}
      </button>
    </li>
  );
}
