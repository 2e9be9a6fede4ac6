/**
 * Dial: a number-or-address field bound to the store's `dialDraft`, an
 * account picker when there are several accounts, a dial pad and Call.
 * With no account yet, a welcome that leads to the account form.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AccountView } from '../../app/account';
import type { DialSuggestion } from '../../app/dial-suggestions';
import { currentActiveLine } from '../store/lines';
import type { CallView } from '../store/call-view';
import { useT } from '../i18n/i18n';
import { useSoftphoneStore } from '../store/softphone-store';
import { useCallControls } from './contexts';
import { DialField } from './DialField';
import { DialPad } from './DialPad';
import { DialShortcuts } from './DialShortcuts';
import { LampKeys } from './LampKeys';
import { VoicemailButton } from './VoicemailButton';
import { Icon } from './Icon';
import { useTypeToDial } from './keyboard';
import { StatusDot } from './StatusDot';
import { accountName, useAccounts } from './store-selectors';
import { accountStatusColor, registrationStatusWords } from './status-words';
import { errorWords } from './error-words';
import { defaultAccount } from './preferred-account';

export interface DialScreenProps {
  /** Opens the "Add account" form in Settings. */
  onAddAccount(): void;
}

export function DialScreen(props: DialScreenProps) {
  const t = useT();
  const accounts = useAccounts();
  return (
    <section className="screen-dial" aria-labelledby="dial-heading">
      <h1 id="dial-heading" className="visually-hidden">
        {t('dial.heading')}
      </h1>
      {accounts.length === 0 ? (
        <NoAccountWelcome onAddAccount={props.onAddAccount} />
      ) : (
        <>
          <Dialer accounts={accounts} />
          <LampsOfDefaultAccount accounts={accounts} />
          <DialShortcuts />
        </>
      )}
    </section>
  );
}

/** The lamps of the account calls start from unless another is picked (a form of their own, outside the dial form). */
function LampsOfDefaultAccount({ accounts }: { accounts: readonly AccountView[] }) {
  const account = defaultAccount(accounts);
  return account ? <LampKeys account={account} /> : null;
}

function NoAccountWelcome(props: DialScreenProps) {
  const t = useT();
  return (
    <div className="empty-state">
      <div className="empty-state-icon" aria-hidden="true">
        <Icon name="phone" size={32} />
      </div>
      <h2>{t('dial.emptyTitle')}</h2>
      <p>{t('dial.emptyBody')}</p>
      <button type="button" className="button button-primary button-large" onClick={props.onAddAccount}>
        <Icon name="plus" size={18} />
        {t('dial.addAccount')}
      </button>
    </div>
  );
}

function Dialer(props: { accounts: readonly AccountView[] }) {
  const { accounts } = props;
  const t = useT();
  const controls = useCallControls();
  const draft = useSoftphoneStore((state) => state.dialDraft);
  const setDraft = useSoftphoneStore((state) => state.setDialDraft);
  const [pickedAccountId, setPickedAccountId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A ref, not state: re-rendering this screen on the way to the INVITE held it back (2-4 ms on the first call).
  const isPlacing = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useTypeToDial(
    inputRef,
    formRef,
    useCallback((character: string) => {
      setDraft(useSoftphoneStore.getState().dialDraft + character);
      setError(null);
    }, [setDraft]),
  );
  const ids = { input: useId(), account: useId(), hint: useId(), error: useId() };
  const toneCall = useSoftphoneStore((state) => currentActiveLine(state.calls));

  // Dial opens ready to type, unless something else (an answered call's Hang up) already has focus.
  useEffect(() => {
    const focused = document.activeElement;
    if (focused === null || focused === document.body || focused.closest('.rail')) inputRef.current?.focus();
  }, []);

  const account = accounts.find((candidate) => candidate.id === pickedAccountId) ?? defaultAccount(accounts);
  const name = account ? accountName(account) : '';
  let hint: string | null = null;
  if (account && !account.enabled) hint = t('dial.accountDisabled', { account: name });
  else if (account && account.status.kind !== 'registered') {
    hint = t('dial.accountNotRegistered', { account: name, status: registrationStatusWords(t, account) });
  }
  const canCall = account !== undefined && account.enabled;

  const changeDraft = (text: string) => {
    setDraft(text);
    setError(null);
  };

  const chooseSuggestion = (suggestion: DialSuggestion) => {
    changeDraft(suggestion.target);
    // A party from the history is called back on the account that talked to them.
    if (suggestion.accountId && accounts.some((candidate) => candidate.id === suggestion.accountId)) setPickedAccountId(suggestion.accountId);
  };

  const placeCall = async () => {
    if (!account || !canCall || isPlacing.current) return;
    isPlacing.current = true;
    const callsBefore = new Set(useSoftphoneStore.getState().calls.map((call) => call.id));
    try {
      const result = await controls.call(account.id, draft);
      // Either draft also ends a call-at-once request: whatever happens, this draft is not called twice.
      if (!result.ok) {
        setDraft(draft);
        setError(errorWords(t, result.error));
        inputRef.current?.focus();
        isPlacing.current = false;
        return;
      }
      // The INVITE has left; this screen changes when the call shows, in the same render as the panel.
      whenCallShows(callsBefore, () => {
        setDraft('');
        setError(null);
        // Digits typed once the call connects are tones for it (an IVR), not a new number in the field.
        inputRef.current?.blur();
        isPlacing.current = false;
      });
    } catch (error) {
      isPlacing.current = false;
      throw error;
    }
  };

  const callInsteadOfSubmitting = (event: { preventDefault(): void }) => {
    event.preventDefault();
    void placeCall();
  };

  // A link's number the user wants called at once (setting `callLinksAtOnce`):
  // called as soon as the account is registered; editing the draft cancels it.
  const isDraftToCall = useSoftphoneStore((state) => state.isDialDraftToCall);
  const isAccountReady = account !== undefined && account.enabled && account.status.kind === 'registered';
  useEffect(() => {
    if (isDraftToCall && isAccountReady) void placeCall();
    // placeCall is a fresh closure each render; only these two decide when to call.
  }, [isDraftToCall, isAccountReady]);

  // The call panel docks above this screen and takes its height: the top of
  // the dialer ("Calling from", the field) stays in view, so "Add call" can
  // start with typing. Scrolling the field to the nearest edge instead hid
  // everything above it under the panel. In the next frame: scrolling now
  // forces a layout inside the task of the SIP response that showed the
  // call (2–5 ms), and the call's next response would wait for it.
  const panelCallCount = useSoftphoneStore((state) => state.calls.length);
  useEffect(() => {
    const frame = requestAnimationFrame(() => formRef.current?.closest('.screen')?.scrollTo({ top: 0 }));
    return () => cancelAnimationFrame(frame);
  }, [panelCallCount]);

  const describedBy = [error ? ids.error : null, hint ? ids.hint : null].filter(Boolean).join(' ') || undefined;

  return (
    <form
      ref={formRef}
      className="dialer"
      // Calls from Call's click (below); a submission that comes another way calls too.
      onSubmit={callInsteadOfSubmitting}
      noValidate
    >
      {accounts.length >= 2 ? (
        <div className="field">
          <label htmlFor={ids.account}>{t('dial.accountLabel')}</label>
          <select
            id={ids.account}
            value={account?.id ?? ''}
            onChange={(event) => {
              setPickedAccountId(event.target.value);
              setError(null);
            }}
          >
            {accounts.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {`${accountName(candidate)} — ${registrationStatusWords(t, candidate)}`}
              </option>
            ))}
          </select>
        </div>
      ) : (
        account && (
          <p className="dial-from">
            <StatusDot color={accountStatusColor(account)} />
            {t('dial.fromAccount', { account: name })}
          </p>
        )
      )}

      <div className="field">
        <label htmlFor={ids.input}>{t('dial.targetLabel')}</label>
        <DialField
          inputRef={inputRef}
          id={ids.input}
          value={draft}
          onChange={changeDraft}
          onChoose={chooseSuggestion}
          isInvalid={error !== null}
          describedBy={describedBy}
        />
        {error && (
          <p id={ids.error} className="inline-error" role="alert">
            {error}
          </p>
        )}
      </div>

      <DialPad toneCall={toneCall} onType={(character) => changeDraft(useSoftphoneStore.getState().dialDraft + character)} />

      {hint && (
        <p id={ids.hint} className="dial-hint">
          <Icon name="info" size={16} />
          <span>{hint}</span>
        </p>
      )}

      <button
        type="submit"
        className="button button-call button-large"
        disabled={!canCall}
        aria-describedby={hint ? ids.hint : undefined}
        // The call starts on the click itself, which then submits nothing: the browser's form
        // submission would stand between the click and the INVITE (about 4 ms the first time,
        // measured in Chromium). Enter in the field clicks this button too (implicit submission).
        onClick={callInsteadOfSubmitting}
      >
        <Icon name="phone" size={18} />
        {t('dial.call')}
      </button>
      {account && <VoicemailButton account={account} />}
    </form>
  );
}

/** A fallback: the placed call shows at its first response, or 50 ms after its INVITE left. */
const CALL_SHOWS_WITHIN_MS = 1_000;

/**
 * Runs `change` when the store holds a call not among `callsBefore` (the
 * placed call shows), within the store update that shows it, so React
 * renders this screen's change and the docked panel together. Changing
 * the screen right after the INVITE left instead put a render (3-10 ms)
 * between the INVITE and its 407 challenge, and the challenge waited.
 */
function whenCallShows(callsBefore: ReadonlySet<string>, change: () => void): void {
  const hasNewCall = (calls: readonly CallView[]) => calls.some((call) => !callsBefore.has(call.id));
  let isDone = false;
  const run = () => {
    if (isDone) return;
    isDone = true;
    unsubscribe();
    clearTimeout(timer);
    change();
  };
  const unsubscribe = useSoftphoneStore.subscribe(
    (state) => state.calls,
    (calls) => {
      if (hasNewCall(calls)) run();
    },
  );
  const timer = setTimeout(run, CALL_SHOWS_WITHIN_MS);
  if (hasNewCall(useSoftphoneStore.getState().calls)) run();
}
