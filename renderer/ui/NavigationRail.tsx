/** The left rail: one real button per screen, `aria-current` on the shown one. */
import type { TranslationKey } from '../i18n/i18n';
import { useT } from '../i18n/i18n';
import type { Screen } from '../store/softphone-store';
import { Icon, type IconName } from './Icon';
import { useUnreadMessageCount } from './chat-hooks';
import { useUnseenMissedCallCount } from './store-selectors';

const ITEMS: readonly { readonly screen: Screen; readonly label: TranslationKey; readonly icon: IconName }[] = [
  { screen: 'dial', label: 'nav.dial', icon: 'keypad' },
  { screen: 'contacts', label: 'contacts.navLabel', icon: 'contacts' },
  { screen: 'messages', label: 'chat.navLabel', icon: 'message' },
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
  const unread = useUnreadMessageCount();
  const badgeOf = (screen: Screen) => (screen === 'history' ? missed : screen === 'messages' ? unread : 0);
  const labelOf = (screen: Screen) =>
    screen === 'history' && missed > 0 ? t('history.railLabelMissed', { count: missed }) : screen === 'messages' && unread > 0 ? t('chat.railLabelUnread', { count: unread }) : undefined;
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
              aria-label={labelOf(item.screen)}
            >
              <Icon name={item.icon} size={22} />
              <span>{t(item.label)}</span>
              {badgeOf(item.screen) > 0 && (
                <span className="rail-badge" aria-hidden="true">
                  {badgeOf(item.screen) > 99 ? '99+' : badgeOf(item.screen)}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
