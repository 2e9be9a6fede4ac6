/**
 * Do not disturb in the top bar: always there, one click turns it on or off
 * (a toggle button, its state also in words), and while it is on it stands
 * out so a phone that does not ring explains itself.
 */
import { useId } from 'react';
import { useT } from '../i18n/i18n';
import { errorWords } from './error-words';
import { Icon } from './Icon';
import { useIsDoNotDisturbOn } from './store-selectors';
import { useSettingsUpdate } from './use-settings-update';

export function DoNotDisturbPill() {
  const t = useT();
  const hintId = useId();
  const isOnInMain = useIsDoNotDisturbOn();
  const { pending, error, update } = useSettingsUpdate();
  const isOn = pending.doNotDisturb ?? isOnInMain;
  const hint = error ? t('general.saveFailed', { message: errorWords(t, error) }) : isOn ? t('dnd.pillHintOn') : t('dnd.pillHintOff');
  return (
    <button
      type="button"
      className="dnd-pill"
      data-on={isOn || undefined}
      aria-pressed={isOn}
      aria-describedby={hintId}
      title={hint}
      onClick={() => void update({ doNotDisturb: !isOn })}
    >
      <Icon name="moon" size={16} />
      <span>{t('dnd.pill')}</span>
      <span className="dnd-pill-state">{isOn ? t('dnd.on') : t('dnd.off')}</span>
      <span id={hintId} className="visually-hidden">
        {hint}
      </span>
    </button>
  );
}
