/**
 * What the tray shows, computed from a snapshot: an aggregate state for the
 * icon, a tooltip that lists each account in words, and the menu's labels,
 * in the user's language.
 */
import type { AppSnapshot } from '../../app/ipc-contract';
import { registrationStatusWords } from '../../app/status-words';
import type { MainTranslate } from './main-i18n';

export type TrayState = 'no-accounts' | 'all-reachable' | 'some-failing' | 'all-offline' | 'in-call';

export function trayState(snapshot: AppSnapshot): TrayState {
  const enabled = snapshot.accounts.filter((account) => account.enabled);
  if (snapshot.calls.some((call) => call.phase !== 'ended')) return 'in-call';
  if (enabled.length === 0) return snapshot.accounts.length === 0 ? 'no-accounts' : 'all-offline';
  const registered = enabled.filter((account) => account.status.kind === 'registered').length;
  if (registered === enabled.length) return 'all-reachable';
  return registered === 0 && enabled.every((account) => account.status.kind === 'offline') ? 'all-offline' : 'some-failing';
}

/** "Work: Registered", one per account, for the tooltip and the menu. */
export function trayAccountLines(snapshot: AppSnapshot, t: MainTranslate): string[] {
  return snapshot.accounts.map((account) => t('chips.chipLabel', { name: account.displayName, status: registrationStatusWords(t, account) }));
}

export function trayTooltip(snapshot: AppSnapshot, t: MainTranslate): string {
  const name = t('app.name');
  if (snapshot.accounts.length === 0) return t('tray.noAccounts', { name });
  const lines = trayAccountLines(snapshot, t);
  const active = snapshot.calls.filter((call) => call.phase !== 'ended');
  if (active.length > 0) lines.unshift(t('tray.inCall', { count: active.length }));
  if (snapshot.settings.doNotDisturb) lines.unshift(t('tray.doNotDisturbOn'));
  if (snapshot.unseenMissedCalls > 0) lines.push(t('tray.missedCalls', { count: snapshot.unseenMissedCalls }));
  return [name, ...lines].join('\n');
}

/** The menu's fixed labels. */
export function trayMenuLabels(t: MainTranslate): { open: string; doNotDisturb: string; quit: string } {
  return { open: t('tray.open', { name: t('app.name') }), doNotDisturb: t('tray.doNotDisturb'), quit: t('tray.quit') };
}
