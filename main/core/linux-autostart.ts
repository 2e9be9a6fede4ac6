/**
 * Start at login on Linux, where Electron's setLoginItemSettings does
 * nothing: an XDG autostart entry (~/.config/autostart/*.desktop).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AutostartEntry {
  readonly name: string;
  /** The command line to run, e.g. the AppImage path plus `--hidden`. */
  readonly exec: readonly string[];
  readonly configHome?: string;
}

export function autostartFile(entry: Pick<AutostartEntry, 'name' | 'configHome'>): string {
  const configHome = entry.configHome ?? process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return join(configHome, 'autostart', `${entry.name.toLowerCase()}.desktop`);
}

export function setLinuxAutostart(entry: AutostartEntry, isEnabled: boolean): void {
  const file = autostartFile(entry);
  if (!isEnabled) {
    if (existsSync(file)) rmSync(file);
    return;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  const exec = entry.exec.map((part) => (/[\s"'\\]/.test(part) ? `"${part.replace(/(["\\`$])/g, '\\$1')}"` : part)).join(' ');
  writeFileSync(
    file,
    ['[Desktop Entry]', 'Type=Application', `Name=${entry.name}`, `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n'),
  );
}
