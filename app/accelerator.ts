/**
 * Electron accelerator strings ("CommandOrControl+Alt+A") for the global
 * shortcut: checked here, in words, before Electron ever sees them (its
 * `globalShortcut.register` throws on a malformed one).
 * Grammar: https://www.electronjs.org/docs/latest/api/accelerator
 */
import { fail, ok, type Result } from './result';

export const DEFAULT_GLOBAL_SHORTCUT = 'CommandOrControl+Alt+A';

const MODIFIERS = new Set(
  ['Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta'].map((name) => name.toLowerCase()),
);

const NAMED_KEYS = new Set(
  [
    'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter',
    'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc',
    'VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'MediaPlayPause', 'PrintScreen',
    'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9', 'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
  ].map((name) => name.toLowerCase()),
);

const PUNCTUATION = new Set([...')!@#$%^&*(:;+=<,_->.?/~`{][|\\}"\'']);

function isKey(token: string): boolean {
  if (/^[A-Za-z0-9]$/.test(token) || PUNCTUATION.has(token)) return true;
  if (/^F([1-9]|1\d|2[0-4])$/i.test(token)) return true;
  return NAMED_KEYS.has(token.toLowerCase());
}

/**
 * A global shortcut: one or more modifiers (at least one besides Shift, so
 * typing in other apps is never captured) and exactly one key. Empty means
 * "no global shortcut".
 */
export function validateAccelerator(text: string): Result<string> {
  const accelerator = text.trim();
  if (accelerator === '') return ok('');
  // "+" as the key itself is spelt "Plus"; a trailing "+" is a mistake.
  const tokens = accelerator.split('+').map((token) => token.trim());
  if (tokens.some((token) => token === '')) {
    return fail('shortcut-format', 'Write the shortcut as keys joined by "+", such as CommandOrControl+Alt+A (use "Plus" for the + key).');
  }
  const key = tokens[tokens.length - 1]!;
  const modifiers = tokens.slice(0, -1);
  const unknown = modifiers.find((token) => !MODIFIERS.has(token.toLowerCase()));
  if (unknown) return fail('shortcut-modifier', `"${unknown}" is not a modifier. Use Ctrl, Alt, Shift, Super or CommandOrControl.`);
  if (!isKey(key)) return fail('shortcut-key', `"${key}" is not a key Electron knows. Use a letter, a digit, F1–F24 or a named key such as Space.`);
  if (!modifiers.some((token) => token.toLowerCase() !== 'shift')) {
    return fail('shortcut-needs-modifier', 'A global shortcut needs Ctrl, Alt, Super or CommandOrControl, or it would catch typing in other apps.');
  }
  return ok(tokens.join('+'));
}
