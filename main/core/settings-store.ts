/** Settings on disk; see app/settings.ts for what they mean. */
import { applyAudioSettingsChange } from '../../app/audio-settings';
import { parseStoredSettings, type Settings, type SettingsChange } from '../../app/settings';
import { z } from 'zod';
import type { DataFile } from './data-file';

/** settings.json: anything else in it is moved aside rather than overwritten (see data-file.ts). */
export const SETTINGS_DOCUMENT = z.object({ settings: z.record(z.string(), z.unknown()).optional() }).passthrough();

export class SettingsStore {
  constructor(private readonly file: DataFile) {}

  get(): Settings {
    return parseStoredSettings(this.file.get('settings'));
  }

  /** Writes only the change: keys and values this version does not understand stay as they were. */
  update(change: SettingsChange): Settings {
    const stored = this.file.get('settings');
    const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
    // Audio changes are partial (one device at a time): merged into the current audio settings.
    const audio = change.audio ? { audio: applyAudioSettingsChange(this.get().audio, change.audio) } : {};
    this.file.set('settings', { ...record, ...change, ...audio });
    return this.get();
  }
}
