/**
 * Start at login, per platform: login items on macOS and Windows, an XDG
 * autostart entry on Linux (where Electron's login items do nothing). The
 * app then starts hidden in the tray.
 */
import { app } from 'electron';
import { setLinuxAutostart } from '../core/linux-autostart';

export const HIDDEN_ARG = '--hidden';

export function applyStartAtLogin(isEnabled: boolean): void {
  if (process.platform === 'linux') {
    // An AppImage must be started through its own path, not the mounted binary.
    const executable = process.env.APPIMAGE ?? process.execPath;
    const appArgs = app.isPackaged ? [] : [app.getAppPath()];
    setLinuxAutostart({ name: app.getName(), exec: [executable, ...appArgs, HIDDEN_ARG] }, isEnabled);
    return;
  }
  app.setLoginItemSettings({ openAtLogin: isEnabled, args: [HIDDEN_ARG] });
}

/** Started by the login item: stay in the tray until the user opens the window. */
export function wasStartedHidden(): boolean {
  return process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
}
