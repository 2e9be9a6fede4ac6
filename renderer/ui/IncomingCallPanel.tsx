/**
 * The incoming-call panel: prominent, above everything else, with Answer
 * focused so Enter or Space answers and Esc declines.
 */
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useT } from '../i18n/i18n';
import type { CallView } from '../store/call-view';
import { isActiveLine } from '../store/lines';
import { displayUri } from './call-words';
import { useCallerLabel, useCallerLabeler } from './contact-hooks';
import { useCallControls } from './contexts';
import { Icon } from './Icon';
import { accountName, useAccounts, usePanelCalls, useRingingIncomingCalls } from './store-selectors';

export function IncomingCallPanel() {
  const t = useT();
  const controls = useCallControls();
  const calls = useRingingIncomingCalls();
  const first = calls[0];
  const baseId = useId();
  if (!first) return null;

  // Esc declines the call whose row has focus, else the one that rang first.
  const declineOnEscape = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-call-id]');
    controls.decline(row?.dataset.callId ?? first.id);
  };

  return (
    <section
      className="incoming-panel"
      role="alertdialog"
      aria-label={t('incoming.label')}
      aria-describedby={`${baseId}-caller-0`}
      onKeyDown={declineOnEscape}
    >
      <ul className="incoming-list">
        {calls.map((call, index) => (
          <IncomingCallRow key={call.id} call={call} isFirst={index === 0} callerId={`${baseId}-caller-${index}`} />
        ))}
      </ul>
    </section>
  );
}

function IncomingCallRow({ call, isFirst, callerId }: { call: CallView; isFirst: boolean; callerId: string }) {
  const t = useT();
  const controls = useCallControls();
  const accounts = useAccounts();
  const answerRef = useRef<HTMLButtonElement>(null);
  const account = accounts.find((candidate) => candidate.id === call.accountId);
  const remote = useCallerLabel(call);
  const labelOf = useCallerLabeler();
  const uri = displayUri(call.remoteUri);
  // Call waiting: the line in use goes on hold when this one is answered.
  const activeCall = usePanelCalls().find(isActiveLine);
  const waitingHintId = `${callerId}-waiting`;

  useEffect(() => {
    if (isFirst) answerRef.current?.focus();
  }, [isFirst]);

  return (
    <li className="incoming-row" data-call-id={call.id}>
      <div className="incoming-avatar" aria-hidden="true">
        <Icon name="phone" size={24} />
      </div>
      <div className="incoming-info">
        <p className="incoming-kicker">{activeCall ? t('lines.callWaiting') : t('incoming.label')}</p>
        <div id={callerId}>
          <p className="incoming-remote">{remote}</p>
          <p className="incoming-meta">
            {remote !== uri && <span>{uri}</span>}
            {account && <span>{t('incoming.onAccount', { account: accountName(account) })}</span>}
          </p>
          {activeCall && <p id={waitingHintId} className="incoming-meta">{t('lines.answerHoldsCurrent', { name: labelOf(activeCall) })}</p>}
        </div>
      </div>
      <div className="incoming-actions">
        <button ref={answerRef} type="button" className="button button-answer button-large" aria-describedby={activeCall ? waitingHintId : undefined} onClick={() => controls.answer(call.id)}>
          <Icon name="phone" size={18} />
          {t('incoming.answer')}
        </button>
        <button type="button" className="button button-danger button-large" onClick={() => controls.decline(call.id)}>
          <Icon name="hang-up" size={18} />
          {t('incoming.decline')}
        </button>
      </div>
    </li>
  );
}
