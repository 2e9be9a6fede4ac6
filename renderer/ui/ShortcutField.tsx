/**
 * The global call shortcut, typed as an accelerator and checked with the
 * rules main applies. Like every setting it applies at once: when the user
 * presses Enter or leaves the field (its Save button does the same).
 */
import { useEffect, useId, useRef, useState, type FocusEvent, type FormEvent } from 'react';
import { validateAccelerator } from '../../app/accelerator';
import { useT } from '../i18n/i18n';
import { errorWords } from './error-words';
import { UnavailableNote } from './SettingControls';
import { useSettingsUpdate } from './use-settings-update';

export function ShortcutField({ saved, unavailableNote }: { readonly saved: string; readonly unavailableNote?: string }) {
  const t = useT();
  const { update } = useSettingsUpdate();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [text, setText] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => setText(saved), [saved]);

  const apply = async () => {
    setMessage('');
    const checked = validateAccelerator(text);
    if (!checked.ok) {
      setError(errorWords(t, checked.error));
      return;
    }
    if (checked.value === saved) {
      setError(null);
      return;
    }
    const refused = await update({ globalShortcut: checked.value });
    if (refused) setError(errorWords(t, refused));
    else {
      setError(null);
      setMessage(checked.value === '' ? t('general.shortcutCleared') : t('general.shortcutSaved', { shortcut: checked.value }));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void apply();
  };
  // Leaving the row applies what was typed; moving to its own Save button leaves that to the click.
  const onBlur = (event: FocusEvent) => {
    if (!formRef.current?.contains(event.relatedTarget as Node | null)) void apply();
  };

  const describedBy = [error ? `${id}-error` : null, unavailableNote ? `${id}-unavailable` : null, `${id}-hint`].filter(Boolean).join(' ');
  return (
    <form ref={formRef} className="setting-row setting-shortcut" onSubmit={onSubmit} onBlur={onBlur} noValidate>
      <div className="setting-text field">
        <label htmlFor={id}>{t('general.shortcut')}</label>
        <p id={`${id}-hint`} className="field-hint">
          {t('general.shortcutHint')}
        </p>
        {unavailableNote && <UnavailableNote id={`${id}-unavailable`} text={unavailableNote} />}
        <div className="setting-inline">
          <input
            id={id}
            type="text"
            value={text}
            spellCheck={false}
            autoComplete="off"
            disabled={unavailableNote !== undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
              setMessage('');
            }}
          />
          <button type="submit" className="button" disabled={unavailableNote !== undefined}>
            {t('general.shortcutApply')}
          </button>
        </div>
        {error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
        <p className="settings-message" role="status">
          {message}
        </p>
      </div>
    </form>
  );
}
