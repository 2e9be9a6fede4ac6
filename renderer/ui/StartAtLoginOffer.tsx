/**
 * Start at login is the user's choice: once an account exists and they have
 * not chosen yet, Settings asks. Nothing turns it on by itself.
 */
import { useState } from 'react';
import { shouldOfferStartAtLogin } from '../../app/settings';
import { useT } from '../i18n/i18n';
import { errorWords } from './error-words';
import { Icon } from './Icon';
import { useAccounts, useDesktopFeatures } from './store-selectors';
import { useSettingsUpdate } from './use-settings-update';

export function StartAtLoginOffer() {
  const t = useT();
  const { settings, error, update } = useSettingsUpdate();
  const accountCount = useAccounts().length;
  const desktop = useDesktopFeatures();
  // What was answered here, kept until the user leaves Settings so the answer is confirmed in place.
  const [answer, setAnswer] = useState<boolean | null>(null);
  if (!settings || !desktop.startAtLogin) return null;
  if (answer !== null && settings.startAtLogin === answer) {
    return (
      <p className="settings-message" role="status">
        {answer ? t('general.startAtLoginChosenOn') : t('general.startAtLoginChosenOff')}
      </p>
    );
  }
  if (!shouldOfferStartAtLogin(settings, accountCount)) return null;
  const choose = (isOn: boolean) => {
    setAnswer(isOn);
    void update({ startAtLogin: isOn });
  };
  return (
    <div className="offer" role="group" aria-labelledby="start-at-login-offer">
      <Icon name="info" size={18} />
      <div className="offer-body">
        <p id="start-at-login-offer" className="offer-title">
          {t('general.startAtLoginOffer')}
        </p>
        <p className="field-hint">{t('general.startAtLoginOfferHint')}</p>
        {error && (
          <p className="inline-error" role="alert">
            {t('general.saveFailed', { message: errorWords(t, error) })}
          </p>
        )}
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => choose(true)}>
            {t('general.startAtLoginYes')}
          </button>
          <button type="button" className="button" onClick={() => choose(false)}>
            {t('general.startAtLoginNo')}
          </button>
        </div>
      </div>
    </div>
  );
}
