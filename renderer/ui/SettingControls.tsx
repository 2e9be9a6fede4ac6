/** The rows settings are made of: a labelled switch, a labelled choice. */
import { useId, type ReactNode } from 'react';
import { Icon } from './Icon';

interface SettingSwitchProps {
  readonly label: string;
  readonly hint: string;
  readonly isChecked: boolean;
  onChange(isChecked: boolean): void;
  /** Why this setting does nothing here (the browser host): shown, and the switch is off limits. */
  readonly unavailableNote?: string;
  /** Further controls that belong to this setting. */
  readonly children?: ReactNode;
}

export function SettingSwitch(props: SettingSwitchProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const noteId = `${id}-unavailable`;
  return (
    <div className="setting-row">
      <SettingText controlId={id} hintId={hintId} label={props.label} hint={props.hint}>
        {props.unavailableNote && <UnavailableNote id={noteId} text={props.unavailableNote} />}
      </SettingText>
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={props.isChecked}
        disabled={props.unavailableNote !== undefined}
        aria-describedby={props.unavailableNote ? `${noteId} ${hintId}` : hintId}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      {props.children}
    </div>
  );
}

interface SettingChoiceProps<Value extends string> {
  readonly label: string;
  readonly hint: string;
  readonly value: Value;
  readonly options: readonly { readonly value: Value; readonly label: string; readonly lang?: string }[];
  onChange(value: Value): void;
}

export function SettingChoice<Value extends string>(props: SettingChoiceProps<Value>) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="setting-row">
      <SettingText controlId={id} hintId={hintId} label={props.label} hint={props.hint} />
      <select id={id} className="setting-select" value={props.value} aria-describedby={hintId} onChange={(event) => props.onChange(event.target.value as Value)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A setting's name (the control's label) and the sentence that explains it. */
function SettingText(props: { controlId: string; hintId: string; label: string; hint: string; children?: ReactNode }) {
  return (
    <div className="setting-text">
      <label htmlFor={props.controlId}>{props.label}</label>
      <p id={props.hintId} className="field-hint">
        {props.hint}
      </p>
      {props.children}
    </div>
  );
}

/** "Only the desktop app can do this": said instead of a confirmation that would not be true. */
export function UnavailableNote({ id, text }: { id?: string; text: string }) {
  return (
    <p id={id} className="setting-unavailable">
      <Icon name="info" size={14} />
      {text}
    </p>
  );
}
