/** The left rail: one real button per screen, `aria-current` on the shown one. */
import type { TranslationKey } from '../i18n/i18n';
import { useT } from '../i18n/i18n';
import type { Screen } from '../store/softphone-store';
import { Icon, type IconName } from './Icon';

const ITEMS: readonly { readonly screen: Screen; readonly label: TranslationKey; readonly icon: IconName }[] = [
  { screen: 'dial', label: 'nav.dial', icon: 'keypad' },
  { screen: 'settings', label: 'nav.settings', icon: 'settings' },
];

export interface NavigationRailProps {
  readonly screen: Screen;
  onNavigate(screen: Screen): void;
}

export function NavigationRail(props: NavigationRailProps) {
  const t = useT();
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
            >
              <Icon name={item.icon} size={22} />
              <span>{t(item.label)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
