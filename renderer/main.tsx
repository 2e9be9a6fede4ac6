/**
 * Renderer entry: finds the contract (the preload's `window.softphone` in
 * Electron, the browser host's WebSocket otherwise), mirrors main's state,
 * starts the call engine and renders the UI.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { SoftphoneApi } from '../app/ipc-contract';
import { audioDevices } from './audio/audio-devices';
import { connectToBrowserHost } from './bridge/host-bridge';
import { initI18n } from './i18n/i18n';
import { CallEngine } from './sip/call-engine';
import { followIncomingCallActions } from './sip/incoming-call-actions';
import { followIceServers } from './sip/ice-servers-source';
import { mirrorContacts } from './store/contacts-mirror';
import { wireAppearance } from './store/appearance';
import { wireCallShortcut } from './store/call-keys';
import { mirrorSnapshots, wireStore } from './store/subscriptions';
import { App } from './ui/App';
import './styles.css';
import { describeError } from '../app/result';

declare global {
  interface Window {
    readonly softphone?: SoftphoneApi;
  }
}

async function boot(): Promise<void> {
  await initI18n();
  const api = window.softphone ?? (await connectToBrowserHost());
  await mirrorSnapshots(api);
  audioDevices.start();
  mirrorContacts(api);
  wireAppearance();
  // Read at every call, so a changed STUN/TURN setting applies to the next call.
  const engine = new CallEngine(api, { iceServers: followIceServers(api) });
  wireStore(api, engine);
  followIncomingCallActions(api, engine);
  wireCallShortcut(api, engine);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <App api={api} controls={engine} />
    </StrictMode>,
  );
}

boot().catch((error: unknown) => {
  const message = describeError(error);
  document.body.textContent = `The softphone could not start: ${message}`;
});
