/**
 * Browser host only: whether this tab may notify of incoming calls. The
 * permission is asked when the user clicks Allow (a browser shows its
 * question only in answer to a click, and a question out of nowhere is
 * usually refused); the Electron app notifies from main and needs none.
 */
import { useEffect, useId, useState } from 'react';
import { useT } from '../i18n/i18n';
import { useDesktopFeatures } from './store-selectors';

type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function NotificationPermissionRow() {
  const t = useT();
  const id = useId();
  const desktop = useDesktopFeatures();
  const [permission, setPermission] = useState<Permission>(currentPermission);
  // The user may allow or block it in the browser's site settings while this shows.
  useEffect(() => {
    let status: PermissionStatus | undefined;
    const follow = () => setPermission(currentPermission());
    void navigator.permissions
      ?.query({ name: 'notifications' })
      .then((found) => {
        status = found;
        status.addEventListener('change', follow);
        follow();
      })
      .catch(() => undefined);
    return () => status?.removeEventListener('change', follow);
  }, []);
  if (desktop.notifications) return null;

  const ask = async () => setPermission(await Notification.requestPermission());
  const state =
    permission === 'granted'
      ? t('general.notificationsGranted')
      : permission === 'denied'
        ? t('general.notificationsDenied')
        : permission === 'unsupported'
          ? t('general.notificationsUnsupported')
          : t('general.notificationsAsk');
  return (
    <div className="setting-row">
      <div className="setting-text">
        <span id={id}>{t('general.notifications')}</span>
        <p className="field-hint" role="status">
          {state}
        </p>
      </div>
      {permission === 'default' && (
        <button type="button" className="button" aria-describedby={id} onClick={() => void ask()}>
          {t('general.notificationsAllow')}
        </button>
      )}
    </div>
  );
}
