/**
 * The incoming-call notification with Electron's Notification: Answer and
 * Decline buttons where the OS shows actions (macOS, Windows); a click on
 * the notification itself shows the window (the only thing most Linux
 * notification servers offer).
 */
import { Notification } from 'electron';
import type { IncomingCallNotice } from '../../app/incoming-call-notice';
import type { IncomingCallNoticeActions, IncomingCallNoticeHandle, ShowIncomingCall } from '../core/incoming-call-notifier';
import type { MainTranslate } from '../core/main-i18n';

const ANSWER_INDEX = 0;
const DECLINE_INDEX = 1;

/** Notifications that are showing: Electron stops delivering a notification's events once it is garbage-collected. */
const showing = new Set<Notification>();

/** The OS shows the app's own icon (macOS, Windows; on Linux the one of its .desktop entry). */
/** Worded by `t`: main's translations, in the language the user chose (as the tray). */
export function createIncomingCallNotifications(t: MainTranslate): ShowIncomingCall {
  return (notice: IncomingCallNotice, actions: IncomingCallNoticeActions): IncomingCallNoticeHandle => {
    if (!Notification.isSupported()) return { close: () => undefined };
    const notification = new Notification({
      title: t('notification.title'),
      body: notice.account ? t('notification.body', { caller: notice.caller, account: notice.account }) : notice.caller,
      actions: [
        { type: 'button', text: t('notification.answer') },
        { type: 'button', text: t('notification.decline') },
      ],
      // It stays while the call rings; we close it when it stops.
      timeoutType: 'never',
      urgency: 'critical',
      // The app plays its own ringtone on the chosen ringer.
      silent: true,
    });
    notification.on('action', (details) => {
      const index = details.actionIndex;
      if (index === ANSWER_INDEX) actions.answer();
      else if (index === DECLINE_INDEX) actions.decline();
    });
    notification.on('click', () => actions.open());
    notification.on('close', () => showing.delete(notification));
    showing.add(notification);
    notification.show();
    return {
      close() {
        showing.delete(notification);
        notification.close();
      },
    };
  };
}
