/**
 * What the tray shows, computed from a snapshot: an aggregate state for the
 * icon, a tooltip that lists each account in words, the menu's labels, and
 * the question Quit asks during a call, in the user's language.
 */
import type { AppSnapshot } from '../../app/ipc-contract';
import { registrationStatusWords, statusDetailWords } from '../../app/status-words';
import { voicemailWords } from '../../app/voicemail';
import type { MainTranslate } from './main-i18n';

export type TrayState = 'no-accounts' | 'all-reachable' | 'some-failing' | 'all-offline' | 'in-call';

/** Calls the renderer reports that have not ended (calling, ringing or connected). */
export function liveCallCount(snapshot: AppSnapshot): number {
  return snapshot.calls.filter((call) => call.phase !== 'ended').length;
}

export function trayState(snapshot: AppSnapshot): TrayState {
  const enabled = snapshot.accounts.filter((account) => account.enabled);
  if (liveCallCount(snapshot) > 0) return 'in-call';
  if (enabled.length === 0) return snapshot.accounts.length === 0 ? 'no-accounts' : 'all-offline';
  const registered = enabled.filter((account) => account.status.kind === 'registered').length;
  if (registered === enabled.length) return 'all-reachable';
  return registered === 0 && enabled.every((account) => account.status.kind === 'offline') ? 'all-offline' : 'some-failing';
}

/** "Work: Registered", one per account, for the menu. */
export function trayAccountLines(snapshot: AppSnapshot, t: MainTranslate): string[] {
  return snapshot.accounts.map((account) => t('chips.chipLabel', { name: account.displayName, status: registrationStatusWords(t, account) }));
}

/** "Work: Voicemail: 2 new, 8 old", for each account whose server told of its voicemail (tooltip and menu). */
export function trayVoicemailLines(snapshot: AppSnapshot, t: MainTranslate): string[] {
  return snapshot.accounts.flatMap((account) => {
    if (!account.enabled || account.voicemail?.availability === 'not-offered') return [];
    const words = voicemailWords(t, account.voicemail);
    return words ? [t('voicemail.trayLine', { name: account.displayName, words })] : [];
  });
}

/** The menu's line, and why for an enabled account that cannot take calls: "Work: Unreachable (calls may be missed) — The server stopped answering keep-alives". */
function tooltipAccountLines(snapshot: AppSnapshot, t: MainTranslate): string[] {
  const lines = trayAccountLines(snapshot, t);
  return snapshot.accounts.map((account, index) => {
    const line = lines[index]!;
    const { status } = account;
    const detail = account.enabled && (status.kind === 'unreachable' || status.kind === 'failed') ? status.detail : undefined;
    return detail ? t('tray.accountWithDetail', { line, detail: statusDetailWords(t, detail) }) : line;
  });
}

export function trayTooltip(snapshot: AppSnapshot, t: MainTranslate): string {
  const name = t('app.name');
  if (snapshot.accounts.length === 0) return t('tray.noAccounts', { name });
  const lines = tooltipAccountLines(snapshot, t);
  const liveCalls = liveCallCount(snapshot);
  if (liveCalls > 0) lines.unshift(t('tray.inCall', { count: liveCalls }));
  if (snapshot.settings.doNotDisturb) lines.unshift(t('tray.doNotDisturbOn'));
  lines.push(...trayVoicemailLines(snapshot, t));
  if (snapshot.unseenMissedCalls > 0) lines.push(t('tray.missedCalls', { count: snapshot.unseenMissedCalls }));
  return [name, ...lines].join('\n');
}

/** The menu's fixed labels. */
export function trayMenuLabels(t: MainTranslate): { open: string; quit: string } {
  return { open: t('tray.open', { name: t('app.name') }), quit: t('tray.quit') };
}

/**
 * The menu's Do not disturb item: one click turns it the other way. Its
 * state is in the words too ("Do not disturb: on"), for menus that draw no
 * check mark (some Linux tray hosts), and the click sets the opposite of
 * what main holds rather than trusting the menu item's own checked flag.
 */
export function trayDoNotDisturbItem(snapshot: AppSnapshot, t: MainTranslate): { label: string; isChecked: boolean; nextValue: boolean } {
  const isOn = snapshot.settings.doNotDisturb;
  return { label: t(isOn ? 'tray.doNotDisturbItemOn' : 'tray.doNotDisturbItemOff'), isChecked: isOn, nextValue: !isOn };
}

/** What Quit asks before it ends live calls: button 0 quits, button 1 (the default) keeps the calls. */
export interface QuitQuestion {
  readonly message: string;
  readonly detail: string;
  readonly buttons: readonly [quit: string, keep: string];
}

/** The question to ask before quitting, or undefined when no call would end. */
export function quitQuestion(snapshot: AppSnapshot, t: MainTranslate): QuitQuestion | undefined {
  const count = liveCallCount(snapshot);
  if (count === 0) return undefined;
  return {
    message: t('tray.quitDuringCall', { count }),
    detail: t('tray.quitDuringCallDetail'),
    buttons: [t('tray.quitAnyway'), t('tray.keepCall')],
  };
}
