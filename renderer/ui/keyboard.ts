/**
 * Window-wide keys: type a number or a name on the Dial screen without
 * clicking the field first, Enter calls, Esc declines a ringing call or hangs up.
 */
import { useEffect, type RefObject } from 'react';
import { declineOrHangUp } from '../store/call-keys';
import type { CallControls } from '../store/call-view';
import { isActiveLine } from '../store/lines';
import { useSoftphoneStore } from '../store/softphone-store';

/** One printable character (a digit, a letter of a SIP name, `@`, …), not a space: space presses buttons. */
function isPrintable(key: string): boolean {
  return [...key].length === 1 && key.trim() !== '';
}

/** Where typed characters belong to the control itself (typing, choosing from a list by its first letters). */
function isTypedIntoControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [role="menu"], [role="dialog"], [role="listbox"]') !== null;
}

/** Where Enter belongs to the control itself (pressing, following). */
function isPressedControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a[href], [role="button"]') !== null;
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
 * While the dialer is shown: characters typed anywhere (digits, letters of a
 * SIP name) go to the field; Enter calls. Not while the user talks on a line:
 * then typed digits are DTMF (useDtmfKeyboard).
 */
export function useTypeToDial(input: RefObject<HTMLInputElement | null>, form: RefObject<HTMLFormElement | null>, onType: (character: string) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing || isTypedIntoControl(event.target) || useSoftphoneStore.getState().calls.some(isActiveLine)) return;
      if (isPrintable(event.key)) {
        event.preventDefault();
        onType(event.key);
        input.current?.focus();
      } else if (event.key === 'Enter' && input.current?.value && !isPressedControl(event.target)) {
        event.preventDefault();
        form.current?.requestSubmit();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [input, form, onType]);
}
