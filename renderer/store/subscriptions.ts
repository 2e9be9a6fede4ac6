/**
 * Side effects of store changes, kept out of components: the call engine
 * follows the accounts, and main hears about every call change.
 */
import type { CallSummary } from '../../app/call-state';
import type { SoftphoneApi } from '../../app/ipc-contract';
import type { CallEngine } from '../sip/call-engine';
import type { CallView } from './call-view';
import { useSoftphoneStore } from './softphone-store';

export function wireStore(api: SoftphoneApi, engine: CallEngine): void {
  useSoftphoneStore.subscribe(
    (state) => state.snapshot?.accounts,
    (accounts) => engine.syncAccounts(accounts ?? []),
    { fireImmediately: true },
  );
  // A number from a link goes in the dial field, ready to call. It is called
  // by itself only when the user turned that on, and never over a live call
  // (calling would put that call on hold).
  useSoftphoneStore.subscribe(
    (state) => state.snapshot?.pendingDial,
    (pendingDial) => {
      if (!pendingDial) return;
      const store = useSoftphoneStore.getState();
      const isOnCall = store.calls.some((call) => call.phase !== 'ended');
      const hasAccount = store.snapshot?.accounts.some((account) => account.enabled) === true;
      store.showScreen('dial');
      store.setDialDraft(pendingDial.target, { callAtOnce: store.snapshot?.settings.callLinksAtOnce === true && hasAccount && !isOnCall });
      void api.consumeDialRequest({ id: pendingDial.id });
    },
    { fireImmediately: true, equalityFn: (a, b) => a?.id === b?.id },
  );

  // Coalesced: during call setup the state changes several times within
  // milliseconds, and each report makes main push a snapshot back; that work
  // must not compete with the SIP messages of the call being set up.
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  useSoftphoneStore.subscribe(
    (state) => state.calls,
    () => {
      clearTimeout(reportTimer);
      reportTimer = setTimeout(() => {
        void api.reportCalls({ calls: useSoftphoneStore.getState().calls.map(toCallSummary) });
      }, CALL_REPORT_DELAY_MS);
    },
  );
}

const CALL_REPORT_DELAY_MS = 100;

/** Subscribes first, then fetches, so no snapshot can slip between the two (also after a reload). */
export async function mirrorSnapshots(api: SoftphoneApi): Promise<void> {
  const apply = useSoftphoneStore.getState().applySnapshot;
  api.onSnapshot(apply);
  const current = await api.getSnapshot();
  if (current.ok) apply(current.value);
}

/** What main is told of a call (a call being connected is still ringing there). */
export function toCallSummary(view: CallView): CallSummary {
  return {
    id: view.id,
    accountId: view.accountId,
    direction: view.direction,
    remoteUri: view.remoteUri,
    remoteName: view.remoteName,
    phase: view.phase === 'connecting' ? 'ringing' : view.phase,
    startedAt: view.startedAt,
    answeredAt: view.answeredAt,
    isMuted: view.isMuted,
  };
}
