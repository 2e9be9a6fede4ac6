/**
 * The system-wide call shortcut (Electron `globalShortcut`): one at a time,
 * replaced when the setting changes. The core decides what a press does.
 */
import { globalShortcut } from 'electron';
import type { Logger } from '../core/logger';

export function createGlobalShortcutBinder(log: Logger): (accelerator: string, onPress: () => void) => boolean {
  let bound = '';
  return (accelerator, onPress) => {
    if (bound) globalShortcut.unregister(bound);
    bound = '';
    if (accelerator === '') return true;
    try {
      // false: another app (or the desktop) already holds this combination.
      if (!globalShortcut.register(accelerator, onPress)) return false;
    } catch (error) {
      log.warn(`global shortcut ${accelerator} refused: ${String(error)}`);
      return false;
    }
    bound = accelerator;
    return true;
  };
}
