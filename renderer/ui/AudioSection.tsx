/**
 * Settings' "Audio" section. The device pickers (microphone, speaker,
 * ringer) are `<AudioSettings />`, built separately: it replaces the
 * sentence below.
 */
import { useId } from 'react';
import { useT } from '../i18n/i18n';

export function AudioSection() {
  const t = useT();
  const headingId = useId();
  return (
    <section className="settings-section" aria-labelledby={headingId} id="settings-audio">
      <h2 id={headingId}>{t('settings.audioHeading')}</h2>
      <div className="settings-card">
        <p className="muted">{t('settings.audioDefault')}</p>
      </div>
    </section>
  );
}
