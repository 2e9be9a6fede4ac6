/**
 * Settings on disk; see app/settings.ts for what they mean.
 *
 * @remarks TURN passwords are sealed by the {@link CredentialVault} (as
 * account passwords are) and kept apart from what {@link SettingsStore.get}
 * returns: snapshots only say whether one is saved. A password found in
 * clear (files written before sealing existed) is sealed when the file is
 * opened.
 */
import { z } from 'zod';
import { applyAudioSettingsChange } from '../../app/audio-settings';
import { isSameIceServer, toRtcIceServers, type IceServerSetting, type IceServerView, type RtcIceServerConfig } from '../../app/ice-servers';
import { parseStoredSettings, type Settings, type SettingsChange } from '../../app/settings';
import type { CredentialVault } from './credential-vault';
import type { DataFile } from './data-file';
import type { Logger } from './logger';

/** One server as the file holds it: `credential` only in files from before sealing. */
const StoredIceServerSchema = z.object({
  url: z.string(),
  username: z.string().optional(),
  sealedCredential: z.string().optional(),
  credential: z.string().optional(),
});
type StoredIceServer = z.infer<typeof StoredIceServerSchema>;

/** settings.json: anything else in it is moved aside rather than overwritten (see data-file.ts). */
export const SETTINGS_DOCUMENT = z.object({ settings: z.record(z.string(), z.unknown()).optional() }).passthrough();

export class SettingsStore {
  constructor(
    private readonly file: DataFile,
    private readonly vault: CredentialVault,
    private readonly log: Logger,
  ) {
    this.sealPlainCredentials();
  }

  get(): Settings {
    return { ...parseStoredSettings(this.file.get('settings')), iceServers: this.storedIceServers().map(toView) };
  }

  /** Writes only the change: keys and values this version does not understand stay as they were. */
  update(change: SettingsChange): Settings {
    const record = this.storedRecord();
    // Audio changes are partial (one device at a time): merged into the current audio settings.
    const audio = change.audio ? { audio: applyAudioSettingsChange(this.get().audio, change.audio) } : {};
    const iceServers = change.iceServers ? { iceServers: this.sealIceServers(change.iceServers) } : {};
    this.file.set('settings', { ...record, ...change, ...audio, ...iceServers });
    return this.get();
  }

  /** The folder the user picked for recordings (main's folder picker is the only caller). */
  setRecordingFolder(path: string): Settings {
    this.file.set('settings', { ...this.storedRecord(), recordingFolder: path });
    return this.get();
  }

  /** For `validateSettingsChange`: a TURN entry without a password may keep the one saved for the same URL and user. */
  readonly hasSavedCredential = (entry: { readonly url: string; readonly username?: string | undefined }): boolean =>
    this.storedIceServers().some((stored) => stored.sealedCredential !== undefined && isSameIceServer(stored, entry));

  /** The servers with their passwords opened, for a call's ICE configuration; one whose password cannot be opened is left out. */
  iceServersForCalls(): RtcIceServerConfig[] {
    const servers: IceServerSetting[] = [];
    for (const stored of this.storedIceServers()) {
      if (stored.sealedCredential === undefined) {
        servers.push({ url: stored.url, ...(stored.username ? { username: stored.username } : {}) });
        continue;
      }
      try {
        servers.push({ url: stored.url, username: stored.username, credential: this.vault.open(stored.sealedCredential) });
      } catch (error) {
        this.log.warn(`the password of TURN server ${stored.url} cannot be opened (${String(error)}); calls go without it`);
      }
    }
    return toRtcIceServers(servers);
  }

  private storedRecord(): Record<string, unknown> {
    const stored = this.file.get('settings');
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  }

  /** The stored list, or none when it is not one (parseStoredSettings then shows the default, none, too). */
  private storedIceServers(): StoredIceServer[] {
    const parsed = z.array(StoredIceServerSchema).safeParse(this.storedRecord()['iceServers']);
    return parsed.success ? parsed.data : [];
  }

  /** Seals each new password; an entry without one keeps the password saved for its URL and user (checked before). */
  private sealIceServers(entries: readonly IceServerSetting[]): StoredIceServer[] {
    const saved = this.storedIceServers();
    return entries.map((entry) => {
      const { credential, ...server } = entry;
      if (credential) return { ...server, sealedCredential: this.vault.seal(credential) };
      const kept = saved.find((stored) => stored.sealedCredential !== undefined && isSameIceServer(stored, entry))?.sealedCredential;
      return kept === undefined ? server : { ...server, sealedCredential: kept };
    });
  }

  private sealPlainCredentials(): void {
    const stored = this.storedIceServers();
    if (!stored.some((entry) => entry.credential !== undefined)) return;
    const sealed = stored.map(({ credential, ...entry }) => (credential ? { ...entry, sealedCredential: this.vault.seal(credential) } : entry));
    this.file.set('settings', { ...this.storedRecord(), iceServers: sealed });
    this.log.info('TURN passwords found in clear in the settings file were sealed');
  }
}

function toView(stored: StoredIceServer): IceServerView {
  return {
    url: stored.url,
    ...(stored.username !== undefined ? { username: stored.username } : {}),
    ...(stored.sealedCredential !== undefined ? { hasCredential: true } : {}),
  };
}
