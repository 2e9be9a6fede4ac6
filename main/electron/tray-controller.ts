/**
 * The tray icon: aggregate status as its color, each account's status in
 * the tooltip and the menu, and Open / Quit.
 */
import { Menu, Tray } from 'electron';
import type { AppSnapshot } from '../../app/ipc-contract';
import type { MainTranslate } from '../core/main-i18n';
import { trayAccountLines, trayDoNotDisturbItem, trayMenuLabels, trayState, trayTooltip, trayVoicemailLines } from '../core/tray-summary';
import { trayIcon } from './tray-icons';

export interface TrayActions {
  open(): void;
  quit(): void;
  setDoNotDisturb(isOn: boolean): void;
}

export class TrayController {
  private readonly tray: Tray;

  constructor(private readonly actions: TrayActions) {
    this.tray = new Tray(trayIcon('no-accounts'));
    this.tray.on('click', () => actions.open());
    this.tray.setToolTip('Softphone');
  }

  /** Redraws from a snapshot, in the language `t` speaks. */
  update(snapshot: AppSnapshot, t: MainTranslate): void {
    this.tray.setImage(trayIcon(trayState(snapshot)));
    this.tray.setToolTip(trayTooltip(snapshot, t));
    const labels = trayMenuLabels(t);
    const doNotDisturb = trayDoNotDisturbItem(snapshot, t);
    const accountItems = [...trayAccountLines(snapshot, t), ...trayVoicemailLines(snapshot, t)].map((label) => ({ label, enabled: false }));
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        ...accountItems,
        ...(accountItems.length > 0 ? [{ type: 'separator' as const }] : []),
        { label: labels.open, click: () => this.actions.open() },
        {
          label: doNotDisturb.label,
          type: 'checkbox' as const,
          checked: doNotDisturb.isChecked,
          click: () => this.actions.setDoNotDisturb(doNotDisturb.nextValue),
        },
        { label: labels.quit, click: () => this.actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.tray.destroy();
  }
}
