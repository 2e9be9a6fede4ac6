/**
 * One busy lamp as a button, wherever a watched line shows (Dial keys,
 * contacts): its state in colour and words, and one click does what fits
 * the moment — transfer the call in progress to an idle line, pick up a
 * ringing one, or call an idle one.
 */
import { useState } from 'react';
import { addressOfView } from '../../app/account';
import type { LampSnapshot } from '../../app/ipc-contract';
import type { ActionResult } from '../../app/result';
import { parseDialTarget } from '../../app/sip-address';
import { useT, type Translate } from '../i18n/i18n';
import { useCallControls } from './contexts';
import { errorWords } from './error-words';
import { useSoftphoneStore } from '../store/softphone-store';

const NO_LAMPS: readonly LampSnapshot[] = [];

export function lampStateWords(t: Translate, state: LampSnapshot['state']): string {
  switch (state) {
    case 'idle':
      return t('lamps.idle');
    case 'ringing':
      return t('lamps.ringing');
    case 'busy':
      return t('lamps.busy');
    case 'not-offered':
      return t('lamps.notOffered');
    case 'unknown':
      return t('lamps.unknown');
  }
}

export function useLamps(): readonly LampSnapshot[] {
  return useSoftphoneStore((state) => state.snapshot?.lamps ?? NO_LAMPS);
}

/** The lamp of a number (a contact's, or a suggestion's), when one of the accounts watches that line. */
export function useLampOfNumber(number: string): LampSnapshot | undefined {
  const lamps = useLamps();
  const accounts = useSoftphoneStore((state) => state.snapshot?.accounts);
  return lampOfNumber(number, lamps, accounts ?? []);
}

export function lampOfNumber(number: string, lamps: readonly LampSnapshot[], accounts: readonly { readonly id: string; readonly sipAddress: string }[]): LampSnapshot | undefined {
  return lamps.find((lamp) => {
    const account = accounts.find((candidate) => candidate.id === lamp.accountId);
    const address = account && addressOfView(account);
    const uri = address && parseDialTarget(number, address);
    return uri?.ok === true && uri.value === lamp.target;
  });
}

/** The call a lamp click transfers: the one connected and not on hold, if any. */
function useCallToTransfer(): string | undefined {
  return useSoftphoneStore((state) => state.calls.find((call) => call.phase === 'connected' && !call.isOnHold)?.id);
}

type LampAction = 'call' | 'pick-up' | 'transfer';

function actionOf(state: LampSnapshot['state'], callToTransfer: string | undefined): LampAction | undefined {
  if (state === 'ringing') return 'pick-up';
  if (state !== 'idle') return undefined;
  return callToTransfer ? 'transfer' : 'call';
}

export function LampButton({ lamp, name, onError }: { lamp: LampSnapshot; name: string; onError?(message: string | null): void }) {
  const t = useT();
  const controls = useCallControls();
  const callToTransfer = useCallToTransfer();
  const [error, setError] = useState<string | null>(null);
  const action = actionOf(lamp.state, callToTransfer);
  const report = onError ?? setError;

  const run = async () => {
    let result: ActionResult;
    if (action === 'pick-up') result = await controls.pickUp(lamp.accountId, lamp.target, lamp.ringing);
    else if (action === 'transfer' && callToTransfer) result = await controls.transfer(callToTransfer, lamp.target);
    else result = await controls.call(lamp.accountId, lamp.target);
    report(result.ok ? null : errorWords(t, result.error));
  };
  const hint = action === 'pick-up' ? t('lamps.actionPickUp', { name }) : action === 'transfer' ? t('lamps.actionTransfer', { name }) : t('lamps.actionCall', { name });

  return (
    <>
      <button
        type="button"
        className="button lamp-key"
        data-state={lamp.state}
        data-action={action}
        aria-label={t('lamps.keyLabel', { name, state: lampStateWords(t, lamp.state) })}
        title={action ? hint : undefined}
        disabled={action === undefined}
        onClick={() => void run()}
      >
        <span className="lamp-dot" aria-hidden="true" />
        <span className="lamp-name">{name}</span>
        <span className="lamp-state">{lampStateWords(t, lamp.state)}</span>
      </button>
      {!onError && error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** A lamp's state as text, for places where the lamp cannot be a button of its own (a dial suggestion). */
export function LampState({ lamp }: { lamp: LampSnapshot }) {
  const t = useT();
  return (
    <span className="lamp-inline" data-state={lamp.state}>
      <span className="lamp-dot" aria-hidden="true" />
      <span className="lamp-state">{lampStateWords(t, lamp.state)}</span>
    </span>
  );
}
