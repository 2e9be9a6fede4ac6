/**
 * What a call row offers beyond hold and mute when there are several lines:
 * Transfer (blind, or attended to another call), Merge / Unmerge, and the
 * panel's Add call.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n';
import type { CallView } from '../store/call-view';
import { otherConnectedCalls } from '../store/lines';
import { useSoftphoneStore } from '../store/softphone-store';
import { useCallerLabeler } from './contact-hooks';
import { useCallControls } from './contexts';
import { Icon } from './Icon';
import { transferWords } from './line-words';
import { errorWords } from './error-words';

function useOtherConnectedCalls(call: CallView): CallView[] {
  const calls = useSoftphoneStore((state) => state.calls);
  return otherConnectedCalls(calls, call);
}

/** Transfer and Merge/Unmerge buttons for a connected call. */
export function LineButtons(props: { call: CallView; isTransferOpen: boolean; onToggleTransfer(): void }) {
  const { call } = props;
  const t = useT();
  const controls = useCallControls();
  const others = useOtherConnectedCalls(call);
  const labelOf = useCallerLabeler();
  const [mergeError, setMergeError] = useState<string | null>(null);
  if (call.phase !== 'connected' || call.transfer?.state === 'succeeded') return null;
  const merge = async (otherId: string) => {
    setMergeError(null);
    const result = await controls.merge(call.id, otherId);
    if (!result.ok) setMergeError(errorWords(t, result.error));
  };
  return (
    <>
      {call.conferenceId === undefined && !call.transfer && (
        <button type="button" className="button" aria-expanded={props.isTransferOpen} onClick={props.onToggleTransfer}>
          <Icon name="transfer" size={18} />
          {t('lines.transfer')}
        </button>
      )}
      {call.conferenceId !== undefined ? (
        <button type="button" className="button" onClick={() => controls.unmerge(call.id)}>
          <Icon name="merge" size={18} />
          {t('lines.unmerge')}
        </button>
      ) : (
        others.map((other) => (
          <button
            key={other.id}
            type="button"
            className="button"
            aria-label={others.length === 1 ? undefined : t('lines.mergeWith', { name: labelOf(other) })}
            onClick={() => void merge(other.id)}
          >
            <Icon name="merge" size={18} />
            {t('lines.merge')}
          </button>
        ))
      )}
      {mergeError && (
        <p className="inline-error call-actions-error" role="alert">
          {mergeError}
        </p>
      )}
    </>
  );
}

/** Blind transfer to a typed address, or attended transfer to another call. */
export function TransferForm(props: { call: CallView; onClose(): void }) {
  const { call, onClose } = props;
  const t = useT();
  const controls = useCallControls();
  const others = useOtherConnectedCalls(call);
  const labelOf = useCallerLabeler();
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { input: useId(), error: useId(), consult: useId() };

  useEffect(() => inputRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await controls.transfer(call.id, target);
    if (result.ok) onClose();
    else {
      setError(errorWords(t, result.error));
      inputRef.current?.focus();
    }
  };

  return (
    <form
      className="line-transfer"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        // Handled here: Esc elsewhere in the window hangs up (keyboard.ts).
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
      noValidate
    >
      <div className="field">
        <label htmlFor={ids.input}>{t('lines.transferTo')}</label>
        <div className="line-transfer-row">
          <input
            ref={inputRef}
            id={ids.input}
            type="text"
            inputMode="tel"
            autoComplete="off"
            spellCheck={false}
            value={target}
            onChange={(event) => {
              setTarget(event.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? ids.error : undefined}
          />
          <button type="submit" className="button button-primary">
            {t('lines.transferNow')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('lines.cancelTransfer')}
          </button>
        </div>
        {error && (
          <p id={ids.error} className="inline-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {others.length > 0 && (
        <div className="line-transfer-consult" role="group" aria-labelledby={ids.consult}>
          <p id={ids.consult}>{t('lines.consultHint')}</p>
          {others.map((other) => (
            <button
              key={other.id}
              type="button"
              className="button"
              onClick={() => {
                controls.completeTransfer(call.id, other.id);
                onClose();
              }}
            >
              {t('lines.completeTransferTo', { name: labelOf(other) })}
            </button>
          ))}
        </div>
      )}
    </form>
  );
}

/** Transfer progress and conference membership, next to the call state. */
export function LineStatus(props: { call: CallView }) {
  const t = useT();
  const { call } = props;
  const words = transferWords(t, call);
  return (
    <>
      {call.conferenceId !== undefined && call.phase === 'connected' && <span className="call-meta">{t('lines.inConference')}</span>}
      {words && (
        <span className={call.transfer?.state === 'failed' ? 'call-failure' : 'call-meta'} role="status">
          {words}
        </span>
      )}
    </>
  );
}

/** "Add call": the dialer, to place another call while this one waits on hold. */
export function AddCallBar() {
  const t = useT();
  const calls = useSoftphoneStore((state) => state.calls);
  const showScreen = useSoftphoneStore((state) => state.showScreen);
  if (!calls.some((call) => call.phase === 'connected')) return null;
  return (
    <div className="line-bar">
      <button
        type="button"
        className="button"
        aria-describedby="line-add-call-hint"
        onClick={() => {
          showScreen('dial');
          // The dial field lives on the Dial screen, which renders on the next frame.
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>('input.dial-input')?.focus());
        }}
      >
        <Icon name="plus" size={18} />
        {t('lines.addCall')}
      </button>
      <span id="line-add-call-hint" className="call-meta">
        {t('lines.addCallHint')}
      </span>
    </div>
  );
}
