/** App-wide settings: main is their single writer; every snapshot carries them. */
import { z } from 'zod';
import { DEFAULT_GLOBAL_SHORTCUT, validateAccelerator } from './accelerator';
import { AUDIO_SETTINGS_DEFAULTS, AudioSettingsChangeSchema, AudioSettingsSchema } from './audio-settings';
import { IceServerSchema, IceServerViewSchema, MAX_ICE_SERVERS, validateIceServers, type HasSavedCredential } from './ice-servers';
import { ChosenPresenceSchema } from './presence';
import { ok, type Result } from './result';

/** ISO 3166 country for phone numbers typed without a country code; empty means "from the language". */
const DefaultCountrySchema = z.string().regex(/^([A-Z]{2})?$/);

const CredentialStorageIdSchema = z.string().regex(/^[\w:.-]{1,80}$/);

const DoNotDisturbCodeSchema = z.union([z.literal(486), z.literal(480), z.literal(603)]);

/** `system` follows the OS language; anything we do not ship falls back to English. */
export const LanguageSettingSchema = z.enum(['system', 'en', 'zh-CN']);
export type LanguageSetting = z.infer<typeof LanguageSettingSchema>;

/** `system` follows the OS (prefers-color-scheme). */
export const ThemeSettingSchema = z.enum(['system', 'light', 'dark']);
export type ThemeSetting = z.infer<typeof ThemeSettingSchema>;

export const SettingsSchema = z.object({
  /** Turn incoming calls away at once, answering `doNotDisturbStatusCode`. */
  doNotDisturb: z.boolean().default(false),
  doNotDisturbStatusCode: DoNotDisturbCodeSchema.default(486),
  /** The status published to contacts when Do not disturb is off and no call is under way. */
  presenceStatus: ChosenPresenceSchema.default('available'),
  /** Undefined until the user chooses (the UI offers it once an account exists); off until then. */
  startAtLogin: z.boolean().optional(),
  closeToTray: z.boolean().default(true),
  /** Register as the handler of sip:, sips:, tel: and callto: links. */
  handleLinks: z.boolean().default(true),
  /** Call a link's number at once instead of leaving it in the dial field for the user to press Call. */
  callLinksAtOnce: z.boolean().default(false),
  /** Files from before audio settings existed (or with a damaged section) get the defaults. */
  audio: AudioSettingsSchema.catch(AUDIO_SETTINGS_DEFAULTS),
  defaultCountry: DefaultCountrySchema.default(''),
  language: LanguageSettingSchema.default('system'),
  theme: ThemeSettingSchema.default('system'),
  /** STUN/TURN servers for calls; none by default. Passwords are sealed apart (main/core/settings-store.ts). */
  iceServers: z.array(IceServerViewSchema).max(MAX_ICE_SERVERS).default([]),
  /** Electron accelerator that answers a ringing call or hangs up the active one; empty for none. */
  globalShortcut: z.string().max(100).default(DEFAULT_GLOBAL_SHORTCUT),
  /** The password storage (`credentialStorageId`) whose warning the user dismissed; a different storage warns again. */
  dismissedCredentialWarning: CredentialStorageIdSchema.optional(),
  /** Start recording every call as it connects (off by default: recording needs the other side's consent in many places). */
  recordEveryCall: z.boolean().default(false),
  /**
   * The folder the user chose for recordings; absent: the shell's default.
   * Only main's folder picker sets it, never a settings change from a page.
   */
  recordingFolder: z.string().min(1).max(4_096).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsChangeSchema = z
  .object({
    doNotDisturb: z.boolean(),
    doNotDisturbStatusCode: DoNotDisturbCodeSchema,
    presenceStatus: ChosenPresenceSchema,
    startAtLogin: z.boolean(),
    closeToTray: z.boolean(),
    handleLinks: z.boolean(),
    callLinksAtOnce: z.boolean(),
    audio: AudioSettingsChangeSchema,
    defaultCountry: DefaultCountrySchema,
    language: LanguageSettingSchema,
    theme: ThemeSettingSchema,
    /** A TURN entry without `credential` keeps the password saved for its URL and user name. */
    iceServers: z.array(IceServerSchema).max(MAX_ICE_SERVERS),
    globalShortcut: z.string().max(100),
    dismissedCredentialWarning: CredentialStorageIdSchema,
    recordEveryCall: z.boolean(),
  })
  .partial()
  .strict();
export type SettingsChange = z.infer<typeof SettingsChangeSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/**
 * Reads stored settings field by field: a value this version does not
 * understand (hand-edited, or from a newer version) falls back to its
 * default alone instead of resetting every other setting.
 */
export function parseStoredSettings(stored: unknown): Settings {
  const whole = SettingsSchema.safeParse(stored ?? {});
  if (whole.success) return whole.data;
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
    const field = (schema as z.ZodType).safeParse(record[key]);
    if (field.success) settings[key] = field.data;
  }
  return settings as Settings;
}

/** Only a choice the user made turns start at login on. */
export function shouldStartAtLogin(settings: Settings): boolean {
  return settings.startAtLogin === true;
}

/** An account exists and the user has not said yes or no to start at login yet: offer it. */
export function shouldOfferStartAtLogin(settings: Settings, accountCount: number): boolean {
  return settings.startAtLogin === undefined && accountCount > 0;
}

/**
 * Checks what needs more than a type check (server URLs, the shortcut),
 * in the renderer for instant feedback and again in main.
 */
export function validateSettingsChange(
  change: SettingsChange,
  hasSavedCredential?: HasSavedCredential,
): Result<SettingsChange> & { readonly iceServerIndex?: number } {
  let checked: SettingsChange = change;
  if (change.iceServers) {
    const servers = validateIceServers(change.iceServers, hasSavedCredential);
    if (!servers.ok) return { ...servers, iceServerIndex: servers.index };
    checked = { ...checked, iceServers: servers.value };
  }
  if (change.globalShortcut !== undefined) {
    const shortcut = validateAccelerator(change.globalShortcut);
    if (!shortcut.ok) return shortcut;
    checked = { ...checked, globalShortcut: shortcut.value };
  }
  return ok(checked);
}

/** The passwords are kept without encryption and the user has not dismissed the warning for this storage. */
export function shouldWarnAboutPlainTextPasswords(snapshot: {
  readonly credentialStorage: string;
  readonly credentialStorageId: string;
  readonly settings: Pick<Settings, 'dismissedCredentialWarning'>;
}): boolean {
  return snapshot.credentialStorage === 'plain-text' && snapshot.settings.dismissedCredentialWarning !== snapshot.credentialStorageId;
}
