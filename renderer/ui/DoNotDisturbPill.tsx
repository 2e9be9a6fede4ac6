/**
 * Shown in the top bar while Do not disturb is on, so a phone that does not
 * ring explains itself. Opens the setting to turn it off.
 */
import { useId } from 'react';
import { useT } from '../i18n/i18n';
import { Icon } from './Icon';
import { useIsDoNotDisturbOn } from './store-selectors';

export function DoNotDisturbPill(props: { onOpenSettings(): void }) {
  const t = useT();
  const hintId = useId();
  const isOn = useIsDoNotDisturbOn();
  if (!isOn) return null;
  return (
    <button type="button" className="dnd-pill" aria-describedby={hintId} title={t('dnd.pillHint')} onClick={props.onOpenSettings}>
      <Icon name="moon" size={16} />
      <span>{t('dnd.pill')}</span>
      <span id={hintId} className="visually-hidden">
        {t('dnd.pillHint')}
      </span>
    </button>
  );
}
