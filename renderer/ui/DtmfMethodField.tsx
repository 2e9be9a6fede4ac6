/** The account form's choice of how keypad digits are sent (Advanced section). */
import { useId } from 'react';
import type { DtmfMethod } from '../../app/account';
import { useT } from '../i18n/i18n';

export function DtmfMethodField(props: { value: DtmfMethod; onChange(method: DtmfMethod): void }) {
  const t = useT();
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('media.dtmfMethod')}</label>
      <select id={id} value={props.value} aria-describedby={hintId} onChange={(event) => props.onChange(event.target.value === 'info' ? 'info' : 'rfc4733')}>
        <option value="rfc4733">{t('media.dtmfRfc4733')}</option>
        <option value="info">{t('media.dtmfInfo')}</option>
      </select>
      <p id={hintId} className="field-hint">
        {t('media.dtmfMethodHint')}
      </p>
    </div>
  );
}
