/**
 * The user's own status in the top bar: Available, Away, Busy or Do not
 * disturb, picked here; while a call is under way the picker reads "On the
 * phone" (what others see), and a status picked then applies after the call.
 * Do not disturb is the same setting as the DND pill and the tray's.
 * main publishes the status for every account, window open or not; the
 * picker works out the same status from this window's calls, so it says
 * "On the phone" with the call panel's first "Calling", not a snapshot later.
 */
import { useId } from 'react';
import { ownPresenceOf, PICKABLE_STATUSES, type PresenceStatus } from '../../app/presence';
import { useT } from '../i18n/i18n';
import { errorWords } from './error-words';
import { presenceColor, presenceWords } from './presence-words';
import { StatusDot } from './StatusDot';
import { useSoftphoneStore } from '../store/softphone-store';
import { toCallSummary } from '../store/subscriptions';
import { useSettingsUpdate } from './use-settings-update';

type Pickable = (typeof PICKABLE_STATUSES)[number];

export function PresencePicker() {
  const t = useT();
  const selectId = useId();
  const calls = useSoftphoneStore((state) => state.calls);
  const { settings, pending, error, update } = useSettingsUpdate();
  if (!settings) return null;
  const isDoNotDisturb = pending.doNotDisturb ?? settings.doNotDisturb;
  const shown: PresenceStatus = ownPresenceOf(pending.presenceStatus ?? settings.presenceStatus, isDoNotDisturb, calls.map(toCallSummary));
  const isOnThePhone = shown === 'on-the-phone';
  const pick = (status: Pickable) => void update(status === 'dnd' ? { doNotDisturb: true } : { doNotDisturb: false, presenceStatus: status });
  return (
    <div className="presence-picker" data-status={shown}>
      <StatusDot color={presenceColor(shown)} />
      <label htmlFor={selectId} className="visually-hidden">
        {t('presence.pickerLabel')}
      </label>
      {/* "On the phone" is shown in the select itself, not beside it: a second label crowded a narrow top bar. */}
      <select id={selectId} value={shown} onChange={(event) => pick(event.target.value as Pickable)} title={error ? t('general.saveFailed', { message: errorWords(t, error) }) : undefined}>
        {isOnThePhone && (
          <option value="on-the-phone" disabled hidden>
            {presenceWords(t, 'on-the-phone')}
          </option>
        )}
        {PICKABLE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {presenceWords(t, status)}
          </option>
        ))}
      </select>
    </div>
  );
}
