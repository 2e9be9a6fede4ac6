/**
 * Banners above the screens: the plain-text password warning, and main's
 * notices, each dismissible.
 */
import { useState } from 'react';
import type { Notice } from '../../app/ipc-contract';
import { useT } from '../i18n/i18n';
import { useApi } from './contexts';
import { Icon } from './Icon';
import { useCredentialStorage, useNotices } from './store-selectors';

export function Banners() {
  const t = useT();
  const credentialStorage = useCredentialStorage();
  const notices = useNotices();
  const isPlainText = credentialStorage === 'plain-text';
  if (!isPlainText && notices.length === 0) return null;
  return (
    <section className="banners" aria-label={t('banners.regionLabel')}>
      {isPlainText && (
        <div className="banner banner-warning" role="status">
          <Icon name="warning" size={18} />
          <p>{t('banners.plainTextPasswords')}</p>
        </div>
      )}
      {notices.map((notice) => (
        <NoticeBanner key={notice.id} notice={notice} />
      ))}
    </section>
  );
}

function NoticeBanner({ notice }: { notice: Notice }) {
  const t = useT();
  const api = useApi();
  const [isDismissing, setIsDismissing] = useState(false);
  const dismiss = async () => {
    setIsDismissing(true);
    try {
      await api.dismissNotice({ id: notice.id });
    } finally {
      setIsDismissing(false);
    }
  };
  return (
    <div className="banner banner-notice" role="alert" data-code={notice.code}>
      <Icon name="info" size={18} />
      {/* Notices arrive as English from main; their codes have no words here yet. */}
      <p>{notice.message}</p>
      <button type="button" className="button button-quiet" disabled={isDismissing} onClick={() => void dismiss()}>
        {t('banners.dismiss')}
      </button>
    </div>
  );
}
