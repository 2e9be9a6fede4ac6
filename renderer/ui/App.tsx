/**
 * The softphone's one window: account chips on top, the rail on the left,
 * banners, the incoming-call panel and the call panel docked above whichever
 * screen is shown.
 *
 * ```
 * ┌──────┬──────────────────────────────────────────┐
 * │ logo │ [● Alice: Registered] [● Bob: Offline] DND│  top bar
 * ├──────┼──────────────────────────────────────────┤
 * │ Dial │ banners                                  │
 * │ Set- │ incoming-call panel (while ringing)      │
 * │ tings│ call panel (while a call exists)         │
 * │      │ screen (Dial | Settings), scrolls        │
 * └──────┴──────────────────────────────────────────┘
 * ```
 * @remarks
 * App only reads the store; main's snapshots reach it through the mirror
 * wired outside the UI (renderer/main.tsx or the bridge), and calls through
 * the sip.js engine.
 */
import { useCallback, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { SoftphoneApi } from '../../app/ipc-contract';
import { i18n, initI18n, TranslationProvider, useT } from '../i18n/i18n';
import type { CallControls } from '../store/call-view';
import { useSoftphoneStore, type Screen } from '../store/softphone-store';
import { AccountChips } from './AccountChips';
import { Banners } from './Banners';
import { CallPanel, CallPanelRehearsal } from './CallPanel';
import { ContactsScreen } from './ContactsScreen';
import { ApiContext, CallControlsContext } from './contexts';
import { DialScreen } from './DialScreen';
import { DoNotDisturbPill } from './DoNotDisturbPill';
import { PresencePicker } from './PresencePicker';
import { useIncomingCallAttention } from './use-incoming-call-attention';
import { Icon } from './Icon';
import { IncomingCallPanel } from './IncomingCallPanel';
import { useEscapeEndsCalls } from './keyboard';
import { HistoryScreen } from './HistoryScreen';
import { MessagesScreen } from './MessagesScreen';
import { NavigationRail } from './NavigationRail';
import { SettingsScreen, type AccountEditorTarget } from './SettingsScreen';
import { useIsSnapshotLoaded } from './store-selectors';

export interface AppProps {
  readonly api: SoftphoneApi;
  readonly controls: CallControls;
}

export function App(props: AppProps) {
  // Idempotent: renderer/main.tsx may have chosen the language already.
  if (!i18n.isInitialized) initI18n();
  return (
    <I18nextProvider i18n={i18n}>
      <TranslationProvider>
        <ApiContext value={props.api}>
          <CallControlsContext value={props.controls}>
            <Shell controls={props.controls} />
          </CallControlsContext>
        </ApiContext>
      </TranslationProvider>
    </I18nextProvider>
  );
}

function Shell({ controls }: { readonly controls: CallControls }) {
  const t = useT();
  useEscapeEndsCalls(controls);
  const screen = useSoftphoneStore((state) => state.screen);
  const showScreen = useSoftphoneStore((state) => state.showScreen);
  const isLoaded = useIsSnapshotLoaded();
  const [editor, setEditor] = useState<AccountEditorTarget | null>(null);

  useIncomingCallAttention();

  const openEditor = useCallback(
    (target: AccountEditorTarget) => {
      setEditor(target);
      showScreen('settings');
    },
    [showScreen],
  );

  const navigate = (target: Screen) => {
    setEditor(null);
    showScreen(target);
  };

  return (
    <div className="app">
      <div className="brand" aria-hidden="true" title={t('app.name')}>
        <Icon name="phone" size={20} />
      </div>
      <header className="top-bar">
        <AccountChips onEditAccount={(accountId) => openEditor({ kind: 'edit', accountId })} />
        <PresencePicker />
        <DoNotDisturbPill />
      </header>
      <NavigationRail screen={screen} onNavigate={navigate} />
      <div className="workspace">
        <div className="dock">
          <Banners />
          <IncomingCallPanel />
          <CallPanel />
        </div>
        {/* Keyed by screen: each screen opens at its top, not at the last one's scroll position. */}
        <main className="screen" key={screen}>
          {!isLoaded ? (
            <p className="loading" role="status">
              {t('app.loading')}
            </p>
          ) : screen === 'contacts' ? (
            <ContactsScreen />
          ) : screen === 'messages' ? (
            <MessagesScreen />
          ) : screen === 'history' ? (
            <HistoryScreen />
          ) : screen === 'settings' ? (
            <SettingsScreen editor={editor} onEditorChange={setEditor} />
          ) : (
            <DialScreen onAddAccount={() => openEditor({ kind: 'add' })} />
          )}
        </main>
      </div>
      <CallPanelRehearsal />
    </div>
  );
}
