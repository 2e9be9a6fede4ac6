/**
 * Audio preferences: which microphone, speaker and ringer to use, and how
 * the ringtone sounds. main stores them with the other settings.
 *
 * @remarks
 * Devices are remembered by label, not deviceId: browsers give the same
 * device a different id in every profile and origin (and may rotate it), but
 * its label ("Jabra Evolve 40", "Built-in Speakers") stays put. No label
 * means "the system default".
 */
import { z } from 'zod';

export const RINGTONES = ['classic', 'chime', 'pulse'] as const;
export type Ringtone = (typeof RINGTONES)[number];

const DeviceLabelSchema = z.string().min(1).max(256);

export const AudioSettingsSchema = z.object({
  microphoneLabel: DeviceLabelSchema.optional(),
  speakerLabel: DeviceLabelSchema.optional(),
  ringerLabel: DeviceLabelSchema.optional(),
  /** Ring on every output (a headset and the laptop speakers), not only the ringer. */
  ringOnAllOutputs: z.boolean().default(false),
  ringtone: z.enum(RINGTONES).default('classic'),
  /** 0 … 1, applied to the ringtone only (not to calls). */
  ringtoneVolume: z.number().min(0).max(1).default(0.8),
});
export type AudioSettings = z.infer<typeof AudioSettingsSchema>;

export const AUDIO_SETTINGS_DEFAULTS: AudioSettings = AudioSettingsSchema.parse({});

/** A change: `null` forgets a remembered device (back to the system default). */
export const AudioSettingsChangeSchema = z
  .object({
    microphoneLabel: DeviceLabelSchema.nullable(),
    speakerLabel: DeviceLabelSchema.nullable(),
    ringerLabel: DeviceLabelSchema.nullable(),
    ringOnAllOutputs: z.boolean(),
    ringtone: z.enum(RINGTONES),
    ringtoneVolume: z.number().min(0).max(1),
  })
  .partial()
  .strict();
export type AudioSettingsChange = z.infer<typeof AudioSettingsChangeSchema>;

export function applyAudioSettingsChange(current: AudioSettings, change: AudioSettingsChange): AudioSettings {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return AudioSettingsSchema.parse(next);
}
