/**
 * The notification of a chat message that arrived with the window closed
 * (Electron's Notification); a click shows the window.
 */
import { Notification } from 'electron';
import type { MessageNotice, ShowMessageNotice } from '../core/chat-service';
import type { MainTranslate } from '../core/main-i18n';

/** Notifications that are showing: Electron stops delivering a notification's events once it is garbage-collected. */
const showing = new Set<Notification>();

/** Worded by `t`: main's translations, in the language the user chose. */
export function createMessageNotifications(t: MainTranslate): ShowMessageNotice {
  return (notice: MessageNotice, open: () => void): void => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({
      title: notice.account ? t('notification.messageTitleOnAccount', { sender: notice.sender, account: notice.account }) : t('notification.messageTitle', { sender: notice.sender }),
      body: notice.text,
    });
    notification.on('click', () => open());
    notification.on('close', () => showing.delete(notification));
    showing.add(notification);
    notification.show();
  };
}
