/**
 * The call panel's media parts: the keypad (and digits typed on the
 * keyboard) for DTMF, the digits sent and received, where the call was
 * redirected, and the quality indicator.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { qualityRating } from '../../app/call-quality';
import { DTMF_KEYS, isDtmfKey } from '../../app/dtmf';
import { useT } from '../i18n/i18n';
import type { CallControls, CallView } from '../store/call-view';
import { isActiveLine } from '../store/lines';
import { displayUri } from './call-words';
import { useCallControls } from './contexts';
import { Icon } from './Icon';
import { qualityDetailWords, qualityWords } from './media-words';
import { useCallMedia } from './store-selectors';

/** The Keypad button and the keypad it opens under it (Escape closes it). */
export function KeypadControl({ call }: { call: CallView }) {
  const t = useT();
  const controls = useCallControls();
  const [isOpen, setIsOpen] = useState(false);
  const padId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setIsOpen(false);
    toggleRef.current?.focus();
  };
  return (
    <div className="dtmf-control">
      <button
        ref={toggleRef}
        type="button"
        className="button"
        aria-expanded={isOpen}
        aria-controls={padId}
        onClick={() => setIsOpen(!isOpen)}
      >
        <Icon name="keypad" size={18} />
        {t('media.keypad')}
      </button>
      <div
        id={padId}
        className="dtmf-keypad dial-pad"
        role="group"
        aria-label={t('media.keypadLabel')}
        hidden={!isOpen}
        onKeyDown={(event) => {
          // Handled here: Esc elsewhere in the window hangs up (keyboard.ts).
          if (event.key === 'Escape') {
            event.preventDefault();
            close();
          }
        }}
      >
        {isOpen &&
          DTMF_KEYS.map((key) => (
            <button key={key} type="button" className="dial-key" aria-label={key} onClick={() => controls.sendDtmf(call.id, key)}>
              <span className="dial-key-digit" aria-hidden="true">
                {key}
              </span>
            </button>
          ))}
      </div>
    </div>
  );
}

/** Redirects followed, DTMF sent and received, and quality: short facts on the call's line. */
export function CallMediaDetails({ call }: { call: CallView }) {
  const t = useT();
  const media = useCallMedia(call.id);
  const lastRedirect = media.redirectedTo.at(-1);
  return (
    <>
      {lastRedirect && <span className="call-meta">{t('media.redirectedTo', { target: displayUri(lastRedirect) })}</span>}
      {media.dtmfSent && <span className="call-meta dtmf-digits">{t('media.dtmfSent', { digits: media.dtmfSent })}</span>}
      {media.dtmfNotSent && (
        <span className="call-meta dtmf-digits" role="alert">
          {t('media.dtmfNotSent', { digits: media.dtmfNotSent })}
        </span>
      )}
      <span className="call-meta dtmf-digits" aria-live="polite">
        {media.dtmfReceived && t('media.dtmfReceived', { digits: media.dtmfReceived })}
      </span>
      {call.phase === 'connected' && <QualityIndicator callId={call.id} />}
    </>
  );
}

/** "Good 4.3" in words and colour; jitter, loss and RTT on hover, on focus and when pressed. */
function QualityIndicator({ callId }: { callId: string }) {
  const t = useT();
  const { quality } = useCallMedia(callId);
  const [isShowingDetails, setIsShowingDetails] = useState(false);
  const detailsId = useId();
  if (!quality) return <span className="call-meta quality-indicator" data-rating="unknown">{t('media.qualityMeasuring')}</span>;
  const details = qualityDetailWords(t, quality);
  return (
    <span className="quality-indicator-wrap">
      <button
        type="button"
        className="quality-indicator"
        data-rating={qualityRating(quality.mos)}
        title={details}
        aria-describedby={detailsId}
        aria-expanded={isShowingDetails}
        onClick={() => setIsShowingDetails(!isShowingDetails)}
      >
        <span className="quality-dot" aria-hidden="true" />
        {qualityWords(t, quality.mos)}
      </button>
      <span id={detailsId} className={isShowingDetails ? 'call-meta' : 'visually-hidden'}>
        {details}
      </span>
    </span>
  );
}

/**
 * Digits typed on the keyboard go to the connected call (the newest one not
 * on hold), unless the user is typing into a field.
 */
export function useDtmfKeyboard(calls: readonly CallView[]): void {
  const controls = useCallControls();
  const target = [...calls].reverse().find(isActiveLine);
  const targetId = target?.id;
  useEffect(() => {
    if (!targetId) return;
    const onKeyDown = (event: KeyboardEvent) => sendTypedDigit(event, controls, targetId);
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [controls, targetId]);
}

function sendTypedDigit(event: KeyboardEvent, controls: CallControls, callId: string): void {
  if (event.repeat || event.ctrlKey || event.metaKey || event.altKey || !isDtmfKey(event.key)) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  event.preventDefault();
  controls.sendDtmf(callId, event.key);
}
