/** What the core needs from its host (the Electron shell, the browser host, a test). */
import type { SdpTranslatorFactory } from './media-gateway/account-media';
import type { AccountAgentConfig } from './account-agent';
import type { SaveFilePort } from './contacts-service';
import type { CredentialVault } from './credential-vault';
import type { DataFileFactory } from './data-file';
import type { ShowMessageNotice } from './chat-service';
import type { ShowIncomingCall } from './incoming-call-notifier';
import type { Logger } from './logger';
import type { SubscriptionTuning } from './account-subscriptions';
import type { PresenceTuning } from './account-presence';
import type { RecordingsPort } from './recording-service';

export interface CorePorts {
  readonly dataFiles: DataFileFactory;
  readonly vault: CredentialVault;
  readonly log: Logger;
  /** Show (or create) the window: an incoming call needs a renderer. */
  readonly requestWindow: () => void;
  /** Whether the OS has a network connection (Electron's `net.isOnline`). */
  readonly isOnline?: () => boolean;
  /** Applies "start at login" to the OS (login items, XDG autostart). */
  readonly setStartAtLogin?: (isEnabled: boolean) => void;
  /** Shows the desktop notification of a ringing call (Answer / Decline); absent: none. */
  readonly showIncomingCall?: ShowIncomingCall;
  /** Shows the desktop notification of a chat message that arrived with the window closed; absent: none. */
  readonly showMessageNotice?: ShowMessageNotice;
  /** Registers (or stops registering) the app as the handler of dial links. */
  readonly setLinkHandling?: (isEnabled: boolean) => void;
  /**
   * Binds the system-wide shortcut (empty: none) to `onPress`, replacing the
   * previous one; false when the OS refused it (e.g. another app holds it).
   */
  readonly setGlobalShortcut?: (accelerator: string, onPress: () => void) => boolean;
  /**
   * The shell has a tray icon and shows its own desktop notifications (the
   * Electron app); absent in the browser host, where the page notifies.
   */
  readonly isDesktopShell?: boolean;
  /** The clock; tests move it to simulate a sleep the OS did not report. */
  readonly now?: () => number;
  /** Timing overrides for every account (tests use short keep-alives), the connection factory (by URL scheme unless given) and the SDP translator of plain-SIP calls (the media gateway). */
  readonly agentTuning?: Partial<
    Pick<
      AccountAgentConfig,
      | 'keepAliveIntervalMs'
      | 'pongTimeoutMs'
      | 'rendererWaitMs'
      | 'registerExpiresSec'
      | 'registerTimeoutMs'
      | 'reachabilityIntervalMs'
      | 'reachabilityTimeoutMs'
      | 'createConnection'
      | 'sdpTranslator'
    >
  >;
  /** The SDP translator (media gateway) of each plain-SIP account, unless `agentTuning.sdpTranslator` gives one for all. */
  readonly createSdpTranslator?: SdpTranslatorFactory;
  readonly supervisorTickMs?: number;
  /** Voicemail and busy-lamp subscription timings (tests use a short spread and retry). */
  readonly subscriptionTuning?: SubscriptionTuning;
  /** Presence publication and subscription timings (tests use short ones). */
  readonly presenceTuning?: PresenceTuning;
  /** Saves an export where the user picks (a save dialog); without it the text goes back to the page. */
  readonly saveFile?: SaveFilePort;
  /** Where call recordings go by default, and the shell's folder picker and file manager where it has them; absent: no recording. */
  readonly recordings?: RecordingsPort;
  /** Where the logger writes its files, and how to show that folder (absent where the host cannot: the UI shows the path). */
  readonly logFolder?: { readonly path: string; open?(): Promise<boolean> };
}
