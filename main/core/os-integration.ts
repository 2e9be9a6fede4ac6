/**
 * Applies the settings that live in the OS (dial-link handling, the global
 * call shortcut, start at login), each only when it changed. Start at login
 * is on only when the user chose it (an earlier version turned it on by
 * itself with the first account; that entry is removed until they do).
 */
import { shouldStartAtLogin, type Settings } from '../../app/settings';
import type { CorePorts } from './core-ports';
import type { NoticeBoard } from './notice-board';

export class OsIntegration {
  private appliedStartAtLogin: boolean | undefined;
  private appliedLinkHandling: boolean | undefined;
  private appliedGlobalShortcut: string | undefined;

  constructor(
    private readonly ports: Pick<CorePorts, 'log' | 'setLinkHandling' | 'setGlobalShortcut' | 'setStartAtLogin'>,
    private readonly notices: NoticeBoard,
    private readonly onCallShortcut: () => void,
  ) {}

  apply(settings: Settings): void {
    if (settings.handleLinks !== this.appliedLinkHandling) {
      this.appliedLinkHandling = settings.handleLinks;
      this.ports.setLinkHandling?.(settings.handleLinks);
    }
    if (settings.globalShortcut !== this.appliedGlobalShortcut && this.ports.setGlobalShortcut) {
      this.appliedGlobalShortcut = settings.globalShortcut;
      if (!this.ports.setGlobalShortcut(settings.globalShortcut, this.onCallShortcut)) {
        this.ports.log.warn(`global shortcut ${settings.globalShortcut} is not available`);
        this.notices.raise('shortcut-unavailable', `The shortcut ${settings.globalShortcut} is in use by another app. Choose another one in Settings.`, {
          shortcut: settings.globalShortcut,
        });
      }
    }
    const startAtLogin = shouldStartAtLogin(settings);
    if (startAtLogin !== this.appliedStartAtLogin) {
      this.appliedStartAtLogin = startAtLogin;
      this.ports.setStartAtLogin?.(startAtLogin);
    }
  }
}
