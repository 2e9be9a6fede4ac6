/**
 * A ringing call reaches the user beyond the window: the window's (or the
 * browser tab's) title says who is calling, and in the browser host, where
 * main has no desktop notification to show, the page shows a web
 * Notification, if the user allowed them (Settings → General asks, on a
 * click of theirs).
 */
import { useEffect } from 'react';
import { useT } from '../i18n/i18n';
import { useCallerLabeler } from './contact-hooks';
import { useDesktopFeatures, useRingingIncomingCalls } from './store-selectors';

export function useIncomingCallAttention(): void {
  const t = useT();
  const ringing = useRingingIncomingCalls();
  const labelOf = useCallerLabeler();
  const desktop = useDesktopFeatures();
  const first = ringing[0];
  const caller = first ? labelOf(first) : undefined;
  const callId = first?.id;

  useEffect(() => {
    const name = t('app.name');
    document.title = caller ? t('incoming.tabTitle', { caller, name }) : name;
  }, [caller, t]);

  useEffect(() => {
    if (!callId || !caller || desktop.notifications || !canNotify()) return;
    const notification = new Notification(t('incoming.label'), { body: caller, tag: callId, requireInteraction: true });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
    return () => notification.close();
    // One notification per call; a later change of the caller's label does not repeat it.
  }, [callId, desktop.notifications]);
}

function canNotify(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}
