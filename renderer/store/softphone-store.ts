/**
 * One zustand store built from slices:
 * - `mirror`: main's snapshot, changed only by {@link applySnapshot} by revision
 *   (parts equal to the previous snapshot's keep its objects: keep-unchanged.ts);
 * - `calls`: live calls, written only by the sip.js engine;
 * - `ui`: what screen is shown.
 * - `contacts`: main's contact list, changed only by the contacts mirror;
 * - `callMedia`: each call's progress, redirects, DTMF and quality, written
 *   only by the engine's media helpers (renderer/sip/call-media.ts).
 */
import { create } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import type { Contact } from '../../app/contact';
import type { AppSnapshot } from '../../app/ipc-contract';
import { NO_CALL_MEDIA, type CallMedia } from './call-media';
import type { CallView } from './call-view';
import { keepUnchanged } from './keep-unchanged';

export type Screen = 'dial' | 'contacts' | 'messages' | 'history' | 'settings';

/** A new contact to open the form with (e.g. "Add to contacts" in History). */
export interface ContactDraft {
  readonly name: string;
  readonly number: string;
}

export interface SoftphoneState {
  readonly snapshot: AppSnapshot | null;
  readonly calls: readonly CallView[];
  readonly screen: Screen;
  /** Prefilled dial target (e.g. from a link or redial). */
  readonly dialDraft: string;
  /**
   * The draft came from a link the user wants called at once (setting
   * `callLinksAtOnce`); Dial calls it once its account is registered.
   * Editing the draft or leaving Dial drops it.
   */
  readonly isDialDraftToCall: boolean;
  readonly contacts: readonly Contact[];
  /** Waiting for the Contacts screen to open its form with it; taken (set to null) once it does. */
  readonly contactDraft: ContactDraft | null;
  /** The account the user last chose to call a contact from (offered first next time). */
  readonly lastContactAccountId: string | null;
  /** Next to (not inside) `CallView`; an entry goes when its call leaves the panel. */
  readonly callMedia: Readonly<Record<string, CallMedia>>;
  applySnapshot(snapshot: AppSnapshot): void;
  upsertCall(call: CallView): void;
  removeCall(callId: string): void;
  showScreen(screen: Screen): void;
  /** Any edit of the draft, by the user or by code, cancels a pending call-at-once unless asked again. */
  setDialDraft(text: string, options?: { readonly callAtOnce?: boolean }): void;
  setContacts(contacts: readonly Contact[]): void;
  setLastContactAccountId(accountId: string): void;
  /** Opens Contacts with a new contact's form filled in; `null` once the form took it. */
  setContactDraft(draft: ContactDraft | null): void;
  patchCallMedia(callId: string, change: (current: CallMedia) => Partial<CallMedia>): void;
  forgetCallMedia(callId: string): void;
}

export const useSoftphoneStore = create<SoftphoneState>()(
  subscribeWithSelector((set) => ({
    snapshot: null,
    calls: [],
    screen: 'dial',
    dialDraft: '',
    isDialDraftToCall: false,
    contacts: [],
    lastContactAccountId: null,
    contactDraft: null,
    callMedia: {},
    applySnapshot: (snapshot) =>
      set((state) => (state.snapshot && state.snapshot.revision >= snapshot.revision ? state : { snapshot: keepUnchanged(state.snapshot, snapshot) })),
    upsertCall: (call) =>
      set((state) => {
        const index = state.calls.findIndex((existing) => existing.id === call.id);
        if (index === -1) return { calls: [...state.calls, call] };
        const calls = state.calls.slice();
        calls[index] = call;
        return { calls };
      }),
    removeCall: (callId) => set((state) => ({ calls: state.calls.filter((call) => call.id !== callId) })),
    // Leaving Dial drops a pending call-at-once: it must not start later, out of sight.
    showScreen: (screen) => set((state) => ({ screen, isDialDraftToCall: screen === 'dial' && state.isDialDraftToCall })),
    setDialDraft: (dialDraft, options) => set({ dialDraft, isDialDraftToCall: options?.callAtOnce === true }),
    setContacts: (contacts) => set({ contacts }),
    setLastContactAccountId: (lastContactAccountId) => set({ lastContactAccountId }),
    setContactDraft: (contactDraft) => set(contactDraft ? { contactDraft, screen: 'contacts', isDialDraftToCall: false } : { contactDraft }),
    patchCallMedia: (callId, change) =>
      set((state) => {
        const current = state.callMedia[callId] ?? NO_CALL_MEDIA;
        return { callMedia: { ...state.callMedia, [callId]: { ...current, ...change(current) } } };
      }),
    forgetCallMedia: (callId) =>
      set((state) => {
        if (!(callId in state.callMedia)) return state;
        const { [callId]: _gone, ...rest } = state.callMedia;
        return { callMedia: rest };
      }),
  })),
);
