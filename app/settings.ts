/** App-wide settings: main is their single writer; every snapshot carries them. */
import { z } from 'zod';
import { AUDIO_SETTINGS_DEFAULTS, AudioSettingsChangeSchema, AudioSettingsSchema } from './audio-settings';

/** ISO 3166 country for phone numbers typed without a country code; empty means "from the language". */
const DefaultCountrySchema = z.string().regex(/^([A-Z]{2})?$/);

const DoNotDisturbCodeSchema = z.union([z.literal(486), z.literal(480), z.literal(603)]);

export const SettingsSchema = z.object({
  /** Turn incoming calls away at once, answering `doNotDisturbStatusCode`. */
  doNotDisturb: z.boolean().default(false),
  doNotDisturbStatusCode: DoNotDisturbCodeSchema.default(486),
  /** Undefined means "the default": on once an account exists. */
  startAtLogin: z.boolean().optional(),
  closeToTray: z.boolean().default(true),
  /** Register as the handler of sip:, sips:, tel: and callto: links. */
  handleLinks: z.boolean().default(true),
  /** Files from before audio settings existed (or with a damaged section) get the defaults. */
  audio: AudioSettingsSchema.catch(AUDIO_SETTINGS_DEFAULTS),
  defaultCountry: DefaultCountrySchema.default(''),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsChangeSchema = z
  .object({
    doNotDisturb: z.boolean(),
    doNotDisturbStatusCode: DoNotDisturbCodeSchema,
    startAtLogin: z.boolean(),
    closeToTray: z.boolean(),
    handleLinks: z.boolean(),
    audio: AudioSettingsChangeSchema,
    defaultCountry: DefaultCountrySchema,
  })
  .partial()
  .strict();
export type SettingsChange = z.infer<typeof SettingsChangeSchema>;

/** Start at login is on by default once there is an account to keep registered. */
export function shouldStartAtLogin(settings: Settings, accountCount: number): boolean {
  return settings.startAtLogin ?? accountCount > 0;
}
