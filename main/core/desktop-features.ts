/** What the UI is told the shell can do, read from the ports the shell gave the core. */
import type { DesktopFeatures } from '../../app/ipc-contract';
import type { CorePorts } from './core-ports';

export function desktopFeaturesOf(ports: Pick<CorePorts, 'setStartAtLogin' | 'setLinkHandling' | 'setGlobalShortcut' | 'isDesktopShell'>): DesktopFeatures {
  return {
    startAtLogin: ports.setStartAtLogin !== undefined,
    links: ports.setLinkHandling !== undefined,
    globalShortcut: ports.setGlobalShortcut !== undefined,
    tray: ports.isDesktopShell === true,
    notifications: ports.isDesktopShell === true,
  };
}
