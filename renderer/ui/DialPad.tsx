/**
 * The Dial screen's twelve keys: one Tab stop (arrow keys move between the
 * keys, as in a grid), and, while a call is in progress, tones to that call
 * instead of characters in the dial field, which a line under the keys says.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/i18n';
import type { CallView } from '../store/call-view';
import { useCallerLabel } from './contact-hooks';
import { useCallControls } from './contexts';
import { Icon } from './Icon';

const DIAL_KEYS: readonly { readonly digit: string; readonly letters: string }[] = [
  { digit: '1', letters: '' },
  { digit: '2', letters: 'ABC' },
  { digit: '3', letters: 'DEF' },
  { digit: '4', letters: 'GHI' },
  { digit: '5', letters: 'JKL' },
  { digit: '6', letters: 'MNO' },
  { digit: '7', letters: 'PQRS' },
  { digit: '8', letters: 'TUV' },
  { digit: '9', letters: 'WXYZ' },
  { digit: '*', letters: '' },
  { digit: '0', letters: '+' },
  { digit: '#', letters: '' },
];
const COLUMNS = 3;

/** The key index an arrow, Home or End moves to from `index`; undefined for other keys. */
function movedIndex(key: string, index: number): number | undefined {
  const last = DIAL_KEYS.length - 1;
  switch (key) {
    case 'ArrowRight': return Math.min(index + 1, last);
    case 'ArrowLeft': return Math.max(index - 1, 0);
    case 'ArrowDown': return index + COLUMNS <= last ? index + COLUMNS : index;
    case 'ArrowUp': return index - COLUMNS >= 0 ? index - COLUMNS : index;
    case 'Home': return 0;
    case 'End': return last;
    default: return undefined;
  }
}

export interface DialPadProps {
  /** A key pressed while no call is in progress: the character for the dial field. */
  onType(character: string): void;
  /** The call in progress (connected, not on hold): the keys send it tones. */
  toneCall?: CallView;
}

export function DialPad(props: DialPadProps) {
  const t = useT();
  const hintId = useId();
  const [focusIndex, setFocusIndex] = useState(0);
  const keyRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const controls = useCallControls();
  const { toneCall } = props;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = movedIndex(event.key, focusIndex);
    if (next === undefined) return;
    event.preventDefault();
    setFocusIndex(next);
    keyRefs.current[next]?.focus();
  };

  return (
    <>
      {toneCall && <ToneHint id={hintId} call={toneCall} />}
      <div className="dial-pad" role="group" aria-label={t('dial.padLabel')} aria-describedby={toneCall ? hintId : undefined} onKeyDown={onKeyDown}>
        {DIAL_KEYS.map((key, index) => (
          <button
            key={key.digit}
            ref={(element) => {
              keyRefs.current[index] = element;
            }}
            type="button"
            className="dial-key"
            aria-label={key.digit}
            tabIndex={index === focusIndex ? 0 : -1}
            onFocus={() => setFocusIndex(index)}
            onClick={() => (toneCall ? controls.sendDtmf(toneCall.id, key.digit) : props.onType(key.digit))}
          >
            <span className="dial-key-digit" aria-hidden="true">
              {key.digit}
            </span>
            <span className="dial-key-letters" aria-hidden="true">
              {key.letters}
            </span>
          </button>
        ))}
      </div>
    </>
  );
}

function ToneHint(props: { id: string; call: CallView }) {
  const t = useT();
  const name = useCallerLabel(props.call);
  return (
    <p id={props.id} className="dial-hint dial-tone-hint">
      <Icon name="keypad" size={16} />
      <span>{t('dial.padSendsTones', { name })}</span>
    </p>
  );
}
