/**
 * The call panel's media parts: the keypad (and digits typed on the
 * keyboard) for DTMF, the digits sent and received, where the call was
 * redirected, and the quality indicator.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { qualityRating } from '../../app/call-quality';
import { DTMF_KEYS, isDtmfKey } from '../../app/dtmf';
import { useT } from '../i18n/i18n';
import type { CallControls, CallView } from '../store/call-view';
import { currentActiveLine } from '../store/lines';
import { displayUri } from './call-words';
import { useCallControls } from './contexts';
import { Icon } from './Icon';
import { qualityDetailWords, qualityWords } from './media-words';
import { useCallMedia } from './store-selectors';

/**
 * The Keypad button and the keypad it opens under it. Esc closes it wherever
 * focus is (it would otherwise hang up: keyboard.ts); the keypad is placed
 * in the window, not in the docked panel, whose scrolling would clip it.
 */
export function KeypadControl({ call }: { call: CallView }) {
  const t = useT();
  const controls = useCallControls();
  const [isOpen, setIsOpen] = useState(false);
  const padId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const padRef = useRef<HTMLDivElement>(null);
  const position = usePopoverPosition(isOpen, toggleRef, padRef);
  useEffect(() => {
    if (!isOpen) return;
    // Capture: before the window's Esc (which hangs up) and before any control sees it.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      event.stopPropagation();
      setIsOpen(false);
      toggleRef.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [isOpen]);
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
        ref={padRef}
        id={padId}
        className="dtmf-keypad dial-pad"
        role="group"
        aria-label={t('media.keypadLabel')}
        hidden={!isOpen}
        style={position}
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

const POPOVER_GAP_PX = 6;
const WINDOW_MARGIN_PX = 8;

/**
 * Where a `position: fixed` popover goes: under its button, right edges
 * aligned, moved up and left as far as needed to stay inside the window;
 * followed while the window resizes or anything scrolls.
 */
function usePopoverPosition(isOpen: boolean, anchor: RefObject<HTMLElement | null>, popover: RefObject<HTMLElement | null>): CSSProperties | undefined {
  const [position, setPosition] = useState<CSSProperties>();
  useLayoutEffect(() => {
    if (!isOpen) return;
    const place = () => {
      const button = anchor.current?.getBoundingClientRect();
      const pad = popover.current?.getBoundingClientRect();
      if (!button || !pad) return;
      const top = Math.max(WINDOW_MARGIN_PX, Math.min(button.bottom + POPOVER_GAP_PX, window.innerHeight - pad.height - WINDOW_MARGIN_PX));
      const left = Math.max(WINDOW_MARGIN_PX, Math.min(button.right - pad.width, window.innerWidth - pad.width - WINDOW_MARGIN_PX));
      setPosition({ top, left });
    };
    place();
    window.addEventListener('resize', place);
    document.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      document.removeEventListener('scroll', place, true);
    };
  }, [isOpen, anchor, popover]);
  return position;
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
      {/* On hold no audio flows: a rating of the last audio would claim a quality nobody hears. */}
      {call.phase === 'connected' && !call.isOnHold && !call.isHeldRemotely && <QualityIndicator callId={call.id} />}
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
  const targetId = currentActiveLine(calls)?.id;
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
