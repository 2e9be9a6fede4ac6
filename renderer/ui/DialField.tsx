/**
 * The dial field: a combobox that suggests contacts and people from the
 * history as the user types (WAI-ARIA combobox with a listbox popup):
 * arrow keys move through the suggestions, Enter or a click puts the chosen
 * one in the field, Esc closes the list.
 */
import { useId, useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { dialSuggestions, type DialSuggestion } from '../../app/dial-suggestions';
import { useT, type Translate } from '../i18n/i18n';
import { useContacts } from './contact-hooks';
import { numberLabelWords } from './contact-words';
import { Icon } from './Icon';
import { LampState, useLampOfNumber } from './LampButton';
import { useCallHistory } from './store-selectors';

export interface DialFieldProps {
  readonly inputRef: RefObject<HTMLInputElement | null>;
  readonly id: string;
  readonly value: string;
  onChange(text: string): void;
  /** A suggestion picked by Enter or a click (its target is not yet in the field). */
  onChoose(suggestion: DialSuggestion): void;
  readonly describedBy?: string;
  readonly isInvalid: boolean;
}

export function DialField(props: DialFieldProps) {
  const t = useT();
  const listId = useId();
  const contacts = useContacts();
  const history = useCallHistory();
  const suggestions = useMemo(() => dialSuggestions(props.value, contacts, history), [props.value, contacts, history]);
  // The text the list was closed for (by a choice or Esc): typing more opens it again.
  const [closedFor, setClosedFor] = useState<string | null>(null);
  // The highlighted suggestion belongs to the text it was highlighted for.
  const [active, setActive] = useState<{ value: string; index: number } | null>(null);
  // Open whether or not the field has focus: closing on blur would move Call up under the pointer mid-click.
  const isOpen = suggestions.length > 0 && closedFor !== props.value;
  const activeIndex = isOpen && active?.value === props.value ? active.index : -1;
  const optionId = (index: number) => `${listId}-option-${index}`;

  const choose = (suggestion: DialSuggestion) => {
    setClosedFor(suggestion.target);
    props.onChoose(suggestion);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (suggestions.length === 0) return;
      event.preventDefault();
      if (!isOpen) setClosedFor(null);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const index = activeIndex === -1 && step === -1 ? suggestions.length - 1 : (activeIndex + step + suggestions.length) % suggestions.length;
      setActive({ value: props.value, index });
    } else if (event.key === 'Enter' && activeIndex >= 0) {
      event.preventDefault();
      choose(suggestions[activeIndex]!);
    } else if (event.key === 'Escape' && isOpen) {
      // Handled here: Esc elsewhere hangs up (keyboard.ts).
      event.preventDefault();
      setClosedFor(props.value);
    }
  };

  return (
    <div className="dial-field">
      <div className="dial-input-row">
        <input
          ref={props.inputRef}
          id={props.id}
          className="dial-input"
          type="text"
          role="combobox"
          inputMode="tel"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('dial.targetPlaceholder')}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          onKeyDown={onKeyDown}
          aria-autocomplete="list"
          aria-expanded={isOpen}
          aria-controls={listId}
          aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
          aria-invalid={props.isInvalid ? true : undefined}
          aria-describedby={props.describedBy}
        />
        <button
          type="button"
          className="button button-icon"
          aria-label={t('dial.deleteLast')}
          title={t('dial.deleteLast')}
          disabled={props.value === ''}
          onClick={() => props.onChange(props.value.slice(0, -1))}
        >
          <Icon name="backspace" />
        </button>
      </div>
      <ul id={listId} className="dial-suggestions" role="listbox" aria-label={t('dial.suggestionsLabel')} hidden={!isOpen}>
        {isOpen &&
          suggestions.map((suggestion, index) => (
            <li
              key={suggestion.key}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className="dial-suggestion"
              // Keep focus (and the list) in the field until the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(suggestion)}
            >
              <Icon name={suggestion.source === 'contact' ? 'contacts' : 'phone'} size={16} />
              <span className="dial-suggestion-name">{suggestion.name ?? suggestion.target}</span>
              <span className="dial-suggestion-meta">{suggestionMeta(t, suggestion)}</span>
              <SuggestionLamp target={suggestion.target} />
            </li>
          ))}
      </ul>
    </div>
  );
}

/** A suggested number's busy lamp, when a watched line: shown, not clickable (the option itself is what a click picks). */
function SuggestionLamp({ target }: { target: string }) {
  const lamp = useLampOfNumber(target);
  return lamp ? <LampState lamp={lamp} /> : null;
}

function suggestionMeta(t: Translate, suggestion: DialSuggestion): string {
  if (suggestion.source === 'contact') return `${numberLabelWords(t, suggestion.label ?? '')} · ${suggestion.target}`;
  return suggestion.name === undefined ? t('dial.suggestionFromHistory') : `${t('dial.suggestionFromHistory')} · ${suggestion.target}`;
}
