/**
 * The Settings sections as a bar at the top of the screen: one click (or
 * Enter) scrolls to a section and moves focus to its heading; the section
 * being read is marked as current.
 */
import { useEffect, useState } from 'react';
import { useT, type TranslationKey } from '../i18n/i18n';

export const SETTINGS_SECTIONS: readonly { readonly id: string; readonly label: TranslationKey }[] = [
  { id: 'settings-accounts', label: 'settings.accountsHeading' },
  { id: 'settings-audio', label: 'audio.heading' },
  { id: 'settings-calls', label: 'settings.callsHeading' },
  { id: 'settings-network', label: 'network.heading' },
  { id: 'settings-general', label: 'general.heading' },
];

/** The section whose top is nearest above the top of the scrolling screen. */
function useCurrentSection(): string {
  const [current, setCurrent] = useState(SETTINGS_SECTIONS[0]!.id);
  useEffect(() => {
    const scroller = document.querySelector('main.screen');
    if (!scroller) return;
    const follow = () => {
      const top = scroller.getBoundingClientRect().top + 96;
      let found = SETTINGS_SECTIONS[0]!.id;
      for (const section of SETTINGS_SECTIONS) {
        const element = document.getElementById(section.id);
        if (element && element.getBoundingClientRect().top <= top) found = section.id;
      }
      // Scrolled to the end: the last section is the one being read, however short.
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2) found = SETTINGS_SECTIONS.at(-1)!.id;
      setCurrent(found);
    };
    follow();
    scroller.addEventListener('scroll', follow, { passive: true });
    return () => scroller.removeEventListener('scroll', follow);
  }, []);
  return current;
}

export function SettingsNavigation() {
  const t = useT();
  const current = useCurrentSection();
  const go = (id: string) => {
    const section = document.getElementById(id);
    const heading = section?.querySelector<HTMLElement>('h2');
    section?.scrollIntoView({ block: 'start' });
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  };
  return (
    <nav className="settings-nav" aria-label={t('settings.sectionsLabel')}>
      <ul>
        {SETTINGS_SECTIONS.map((section) => (
          <li key={section.id}>
            <a
              href={`#${section.id}`}
              aria-current={current === section.id ? 'location' : undefined}
              onClick={(event) => {
                event.preventDefault();
                go(section.id);
              }}
            >
              {t(section.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
