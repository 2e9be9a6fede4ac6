/** The left rail: one real button per screen, `aria-current` on the shown one. */
import type { TranslationKey } from '../i18n/i18n';
import { useT } from '../i18n/i18n';
import type { Screen } from '../store/softphone-store';
import { Icon, type IconName } from './Icon';
import { useUnseenMissedCallCount } from './store-selectors';

const ITEMS: readonly { readonly screen: Screen; readonly label: TranslationKey; readonly icon: IconName }[] = [
  { screen: 'dial', label: 'nav.dial', icon: 'keypad' },
  { screen: 'contacts', label: 'contacts.navLabel', icon: 'contacts' },
  { screen: 'history', label: 'nav.history', icon: 'missed-call' },
  { screen: 'settings', label: 'nav.settings', icon: 'settings' },
];

export interface NavigationRailProps {
  readonly screen: Screen;
  onNavigate(screen: Screen): void;
}

export function NavigationRail(props: NavigationRailProps) {
  const t = useT();
  const missed = useUnseenMissedCallCount();
  return (
    <nav className="rail" aria-label={t('app.mainNavigation')}>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.screen}>
            <button
              type="button"
              className="rail-button"
              aria-current={props.screen === item.screen ? 'page' : undefined}
              onClick={() => props.onNavigate(item.screen)}
              aria-label={item.screen === 'history' && missed > 0 ? t('history.railLabelMissed', { count: missed }) : undefined}
            >
              <Icon name={item.icon} size={22} />
              <span>{t(item.label)}</span>
              {item.screen === 'history' && missed > 0 && (
                <span className="rail-badge" aria-hidden="true">
                  {missed > 99 ? '99+' : missed}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
