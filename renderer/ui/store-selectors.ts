/** Narrow, stable selectors over the softphone store for the UI. */
import { useShallow } from 'zustand/react/shallow';
import type { AccountView } from '../../app/account';
import type { CallRecord } from '../../app/call-history';
import type { DesktopFeatures, Notice, UnreachablePeriodView } from '../../app/ipc-contract';
import { contactPresenceOf, type ContactPresenceState } from '../../app/presence';
import type { RecordingFolderView } from '../../app/recording';
import { shouldWarnAboutPlainTextPasswords, type Settings } from '../../app/settings';
import { NO_CALL_MEDIA, type CallMedia } from '../store/call-media';
import { isRingingIncoming, type CallView } from '../store/call-view';
import { useSoftphoneStore } from '../store/softphone-store';

const NO_ACCOUNTS: readonly AccountView[] = [];
const NO_NOTICES: readonly Notice[] = [];
const NO_PERIODS: readonly UnreachablePeriodView[] = [];

export function useIsSnapshotLoaded(): boolean {
  return useSoftphoneStore((state) => state.snapshot !== null);
}

export function useAccounts(): readonly AccountView[] {
  return useSoftphoneStore((state) => state.snapshot?.accounts ?? NO_ACCOUNTS);
}

export function useNotices(): readonly Notice[] {
  return useSoftphoneStore((state) => state.snapshot?.notices ?? NO_NOTICES);
}

export function useSettings(): Settings | null {
  return useSoftphoneStore((state) => state.snapshot?.settings ?? null);
}


/** The watched addresses of one contact, with their status. */
export function useContactPresence(contactId: string): ContactPresenceState | undefined {
  const entries = useSoftphoneStore(useShallow((state) => state.snapshot?.presence?.contacts.filter((entry) => entry.contactId === contactId) ?? []));
  return contactPresenceOf(entries);
}

/** Where recordings go and what this shell can do with them; null where it cannot record. */
export function useRecordingFolder(): RecordingFolderView | null {
  return useSoftphoneStore((state) => state.snapshot?.recording ?? null);
}

export function useIsDoNotDisturbOn(): boolean {
  return useSoftphoneStore((state) => state.snapshot?.settings.doNotDisturb === true);
}

/** Every period main keeps, oldest first. */
export function useUnreachablePeriods(): readonly UnreachablePeriodView[] {
  return useSoftphoneStore((state) => state.snapshot?.unreachablePeriods ?? NO_PERIODS);
}

/** Shorter gaps (a reconnect that took a moment) are not worth a warning. */
const MISSED_CALLS_MIN_GAP_MS = 5_000;

/** Closed periods long enough that calls may have been missed, not yet dismissed. */
export function isUnseenMissedCallsPeriod(period: UnreachablePeriodView): boolean {
  return period.to !== undefined && !period.acknowledged && period.to - period.from > MISSED_CALLS_MIN_GAP_MS;
}

/** The storage id to dismiss the plain-text password warning for, while that warning should show; else null. */
export function usePlainTextPasswordWarning(): string | null {
  return useSoftphoneStore((state) => (state.snapshot && shouldWarnAboutPlainTextPasswords(state.snapshot) ? state.snapshot.credentialStorageId : null));
}

/** What the shell can do; all of it until main says otherwise. */
export function useDesktopFeatures(): DesktopFeatures {
  return useSoftphoneStore((state) => state.snapshot?.desktop ?? ALL_DESKTOP_FEATURES);
}

const ALL_DESKTOP_FEATURES: DesktopFeatures = { startAtLogin: true, tray: true, links: true, globalShortcut: true, notifications: true };

export function useRingingIncomingCalls(): readonly CallView[] {
  return useSoftphoneStore(useShallow((state) => state.calls.filter(isRingingIncoming)));
}

/** Calls for the docked call panel: everything but incoming calls still ringing. */
export function usePanelCalls(): readonly CallView[] {
  return useSoftphoneStore(useShallow((state) => state.calls.filter((call) => !isRingingIncoming(call))));
}

/** An account's name as the UI shows it. */
export function accountName(account: Pick<AccountView, 'displayName' | 'sipAddress'>): string {
  return account.displayName.trim() || account.sipAddress;
}

/** A call's progress, redirects, DTMF and quality. */
export function useCallMedia(callId: string): CallMedia {
  return useSoftphoneStore((state) => state.callMedia[callId] ?? NO_CALL_MEDIA);
}

const NO_HISTORY: readonly CallRecord[] = [];

/** Main's call history, oldest first. */
export function useCallHistory(): readonly CallRecord[] {
  return useSoftphoneStore((state) => state.snapshot?.history ?? NO_HISTORY);
}

export function useUnseenMissedCallCount(): number {
  return useSoftphoneStore((state) => state.snapshot?.unseenMissedCalls ?? 0);
}
