/** Settings on disk; see app/settings.ts for what they mean. */
import { applyAudioSettingsChange } from '../../app/audio-settings';
import { SettingsSchema, type Settings, type SettingsChange } from '../../app/settings';
import type { DataFile } from './data-file';

export class SettingsStore {
  constructor(private readonly file: DataFile) {}

  get(): Settings {
    const parsed = SettingsSchema.safeParse(this.file.get('settings') ?? {});
    return parsed.success ? parsed.data : SettingsSchema.parse({});
  }

  update(change: SettingsChange): Settings {
    const current = this.get();
    const audio = change.audio ? applyAudioSettingsChange(current.audio, change.audio) : current.audio;
    const next = { ...current, ...change, audio };
    this.file.set('settings', next);
    return next;
  }
}
