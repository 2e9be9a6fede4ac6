/**
 * The call panel, docked above every screen while a call exists: one row per
 * call (except incoming calls still ringing, which the incoming panel shows).
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import type { CallView } from '../store/call-view';
import { callFailureWords, callPhaseWords, displayUri, formatDuration } from './call-words';
import { CallMediaDetails, KeypadControl, useDtmfKeyboard } from './CallMedia';
import { RecordButton, RecordingIndicator } from './CallRecording';
import { useCallerLabel } from './contact-hooks';
import { useCallControls } from './contexts';
import { Icon } from './Icon';
import { AddCallBar, LineButtons, LineStatus, TransferForm } from './LineActions';
import { outgoingProgressWords } from './media-words';
import { accountName, useAccounts, useCallMedia, usePanelCalls } from './store-selectors';
import { useNow } from './use-now';

export function CallPanel() {
  const t = useT();
  const calls = usePanelCalls();
  useDtmfKeyboard(calls);
  if (calls.length === 0) return null;
  return (
    <section className="call-panel" role="region" aria-label={t('call.regionLabel')}>
      <ul className="call-list" aria-label={t('lines.listLabel')}>
        {calls.map((call) => (
          <CallRow key={call.id} call={call} />
        ))}
      </ul>
      <AddCallBar />
    </section>
  );
}

/** The stand-in call {@link CallPanelRehearsal} renders: an outgoing call just placed, as the first real one first shows. */
const REHEARSAL_CALL: CallView = {
  id: 'call-panel-rehearsal',
  accountId: '',
  direction: 'outgoing',
  remoteUri: 'sip:rehearsal@rehearsal.invalid',
  phase: 'calling',
  hasEarlyMedia: false,
  startedAt: 0,
  isMuted: false,
  isOnHold: false,
  isHeldRemotely: false,
};

/** The phases an outgoing call's row goes through in its first second, each rehearsed once. */
const REHEARSED_PHASES: readonly CallView['phase'][] = ['calling', 'ringing', 'connected'];

/**
 * Renders a stand-in call's row while the window is idle after start, once
 * per phase a placed call goes through (calling, ringing, connected), each
 * in an idle period of its own and removed after one layout. The first
 * real call's panel then finds its components compiled and run before and
 * its styles resolved: its first render took 30 ms of the main thread
 * against 10 for later calls, and it comes while that call's answer may be
 * arriving (a 200 OK waits for it). Invisible, inert and hidden from
 * assistive technology, out of the page's flow, never painted, and skipped
 * when a call already shows.
 */
export function CallPanelRehearsal() {
  const [rehearsal, setRehearsal] = useState({ step: 0, isRendering: false });
  const hasCalls = usePanelCalls().length > 0;
  const panelRef = useRef<HTMLElement>(null);
  const isOver = rehearsal.step >= REHEARSED_PHASES.length;
  useEffect(() => {
    if (rehearsal.isRendering || isOver) return;
    const run = () => setRehearsal({ step: rehearsal.step, isRendering: true });
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(run, 1_000);
      return () => clearTimeout(timer);
    }
    const handle = requestIdleCallback(run, { timeout: 3_000 });
    return () => cancelIdleCallback(handle);
  }, [rehearsal, isOver]);
  useLayoutEffect(() => {
    if (!rehearsal.isRendering) return;
    panelRef.current?.getBoundingClientRect(); // style and layout, now
    setRehearsal({ step: rehearsal.step + 1, isRendering: false });
  }, [rehearsal]);
  if (!rehearsal.isRendering || hasCalls) return null;
  const phase = REHEARSED_PHASES[rehearsal.step]!;
  return (
    <section ref={panelRef} className="call-panel call-panel-rehearsal" aria-hidden="true" inert>
      <ul className="call-list">
        <CallRow call={{ ...REHEARSAL_CALL, phase, answeredAt: phase === 'connected' ? 0 : undefined }} />
      </ul>
    </section>
  );
}

function CallRow({ call }: { call: CallView }) {
  const t = useT();
  const controls = useCallControls();
  const accounts = useAccounts();
  const hangUpRef = useRef<HTMLButtonElement>(null);
  const labelId = useId();
  const [isTransferOpen, setIsTransferOpen] = useState(false);
  const remote = useCallerLabel(call);
  const uri = displayUri(call.remoteUri);
  const account = accounts.find((candidate) => candidate.id === call.accountId);
  const isEnded = call.phase === 'ended';
  const isOutgoingSetup = call.direction === 'outgoing' && (call.phase === 'calling' || call.phase === 'ringing');
  const hasMedia = call.phase === 'connecting' || call.phase === 'connected';
  // A line we hold carries no audio either way: Mute and the keypad would do nothing, and
  // without them a held line's buttons fit one row, so two lines fit the docked panel.
  const isHeldHere = call.isOnHold;

  // An answered call replaces the incoming panel that had focus; keep focus on the call.
  useEffect(() => {
    if (call.direction !== 'incoming') return;
    if (document.activeElement === null || document.activeElement === document.body) hangUpRef.current?.focus();
  }, []); // only when the row first appears

  return (
    <li className="call-row" data-phase={call.phase} data-on-hold={call.isOnHold || undefined} aria-labelledby={labelId}>
      <div className="call-avatar" aria-hidden="true">
        <Icon name="phone" size={18} />
      </div>
      <div className="call-info">
        <p id={labelId} className="call-remote">
          {remote}
        </p>
        <p className="call-line">
          <CallState call={call} />
          <LineStatus call={call} />
          <RecordingIndicator call={call} />
          {remote !== uri && <span className="call-meta">{uri}</span>}
          {account && accounts.length > 1 && (
            <span className="call-meta">{t('call.onAccount', { account: accountName(account) })}</span>
          )}
          <CallMediaDetails call={call} />
        </p>
      </div>
      <div className="call-actions">
        {hasMedia && !isHeldHere && (
          <button
            type="button"
            className="button"
            aria-pressed={call.isMuted}
            onClick={() => controls.setMuted(call.id, !call.isMuted)}
          >
            <Icon name={call.isMuted ? 'mic-off' : 'mic'} size={18} />
            {call.isMuted ? t('call.unmute') : t('call.mute')}
          </button>
        )}
        {call.phase === 'connected' && (
          <button type="button" className="button" aria-pressed={call.isOnHold} onClick={() => controls.setOnHold(call.id, !call.isOnHold)}>
            <Icon name={call.isOnHold ? 'play' : 'pause'} size={18} />
            {call.isOnHold ? t('call.resume') : t('call.hold')}
          </button>
        )}
        <LineButtons call={call} isTransferOpen={isTransferOpen} onToggleTransfer={() => setIsTransferOpen(!isTransferOpen)} />
        <RecordButton call={call} />
        {call.phase === 'connected' && !isHeldHere && <KeypadControl call={call} />}
        {!isEnded && (
          <button ref={hangUpRef} type="button" className="button button-danger" onClick={() => controls.hangUp(call.id)}>
            <Icon name="hang-up" size={18} />
            {isOutgoingSetup ? t('call.cancel') : t('call.hangUp')}
          </button>
        )}
        {isEnded && (
          <button type="button" className="button" onClick={() => controls.dismiss(call.id)}>
            <Icon name="close" size={18} />
            {t('call.close')}
          </button>
        )}
      </div>
      {isTransferOpen && call.phase === 'connected' && <TransferForm call={call} onClose={() => setIsTransferOpen(false)} />}
    </li>
  );
}

function CallState({ call }: { call: CallView }) {
  const t = useT();
  const now = useNow(call.phase === 'connected');
  const { progress } = useCallMedia(call.id);
  const words = outgoingProgressWords(t, call, progress) ?? callPhaseWords(t, call);
  let duration: string | null = null;
  if (call.answeredAt !== undefined && call.phase === 'connected') duration = formatDuration(now - call.answeredAt);
  if (call.answeredAt !== undefined && call.phase === 'ended' && call.endedAt !== undefined) {
    duration = formatDuration(call.endedAt - call.answeredAt);
  }
  return (
    <>
      <span className="call-state">
        {/* Only the words are live: a ticking timer would be read out every second. */}
        <span role="status">{words}</span>
        {duration !== null && (
          <>
            {' '}
            <span className="call-timer">{duration}</span>
          </>
        )}
      </span>
      {call.phase === 'ended' && call.failure && (
        <span className="call-failure" role="status">
          {callFailureWords(t, call.failure)}
        </span>
      )}
    </>
  );
}
