/**
 * Window-wide keys: type digits on the Dial screen without clicking the
 * field first, Enter calls, Esc declines a ringing call or hangs up.
 */
import { useEffect, type RefObject } from 'react';
import { declineOrHangUp } from '../store/call-keys';
import type { CallControls } from '../store/call-view';
import { isActiveLine } from '../store/lines';
import { useSoftphoneStore } from '../store/softphone-store';

const DIAL_CHARACTERS = /^[0-9*#+]$/;

/** Where keys belong to the control itself (typing, choosing, pressing). */
function isOwnedByControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, button, a[href], [role="menu"], [role="dialog"]') !== null;
}

/**
 * Esc anywhere in the window, unless a control already used it: a form field,
 * a dialog, or a popover that calls preventDefault (the keypad, the transfer form).
 */
export function useEscapeEndsCalls(controls: CallControls): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.repeat) return;
      const target = event.target;
      // In a text field Esc is the field's (clear, close suggestions), except the dial field; in a dialog it closes the dialog.
      if (target instanceof HTMLElement && target.closest('textarea, select, input:not(.dial-input), dialog, [role="dialog"]')) return;
      if (declineOrHangUp(controls, useSoftphoneStore.getState().calls)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [controls]);
}

/**
 * While the dialer is shown: digits typed anywhere go to the field; Enter
 * calls. Not while the user talks on a line: then typed digits are DTMF
 * (useDtmfKeyboard).
 */
export function useTypeToDial(input: RefObject<HTMLInputElement | null>, form: RefObject<HTMLFormElement | null>, onType: (character: string) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isOwnedByControl(event.target) || useSoftphoneStore.getState().calls.some(isActiveLine)) return;
      if (DIAL_CHARACTERS.test(event.key)) {
        event.preventDefault();
        onType(event.key);
        input.current?.focus();
      } else if (event.key === 'Enter' && input.current?.value) {
        event.preventDefault();
        form.current?.requestSubmit();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [input, form, onType]);
}
