/**
 * The incoming-call notification with Electron's Notification: Answer and
 * Decline buttons where the OS shows actions (macOS, Windows); a click on
 * the notification itself shows the window (the only thing most Linux
 * notification servers offer).
 */
import { app, Notification } from 'electron';
import i18next from 'i18next';
import type { IncomingCallNotice } from '../../app/incoming-call-notice';
import type { IncomingCallNoticeActions, IncomingCallNoticeHandle, ShowIncomingCall } from '../core/incoming-call-notifier';
import en from '../../renderer/i18n/locales/en.json' with { type: 'json' };
import zhCN from '../../renderer/i18n/locales/zh-CN.json' with { type: 'json' };

const ANSWER_INDEX = 0;
const DECLINE_INDEX = 1;

/** Notifications that are showing: Electron stops delivering a notification's events once it is garbage-collected. */
const showing = new Set<Notification>();

let words: ((key: keyof typeof en.notification, options?: Record<string, string>) => string) | undefined;

/** The notification's words in the UI language the OS asks for (English or Simplified Chinese). */
function wordsFor(): NonNullable<typeof words> {
  if (words) return words;
  const translator = i18next.createInstance();
  void translator.init({
    resources: { en: { translation: { notification: en.notification } }, 'zh-CN': { translation: { notification: zhCN.notification } } },
    lng: app.getLocale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  words = (key, options) => String(translator.t(`notification.${key}`, options ?? {}));
  return words;
}

/** The OS shows the app's own icon (macOS, Windows; on Linux the one of its .desktop entry). */
export function createIncomingCallNotifications(): ShowIncomingCall {
  return (notice: IncomingCallNotice, actions: IncomingCallNoticeActions): IncomingCallNoticeHandle => {
    if (!Notification.isSupported()) return { close: () => undefined };
    const t = wordsFor();
    const notification = new Notification({
      title: t('title'),
      body: notice.account ? t('body', { caller: notice.caller, account: notice.account }) : notice.caller,
      actions: [
        { type: 'button', text: t('answer') },
        { type: 'button', text: t('decline') },
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
