/**
 * A SIP account as the user enters it, and the checks that turn form input
 * into something main will save.
 */
import type { VoicemailStatus } from './voicemail';
import { z } from 'zod';
import { CodecSettingsSchema, MediaEncryptionSchema, type CodecSetting, type MediaEncryption } from './codec-preferences';
import { parseServerUrl, parseSipAddress, type SipAddress } from './sip-address';
import { parsePlainTargetUrl, parseProxyAddress, plainTargetUrl, SipTransportChoiceSchema, type SipTransportChoice } from './sip-target';
import { CONTROL_CHARACTERS } from './sip/display-name';
import { fail, ok, type AppError, type Result } from './result';
import type { RegistrationStatus } from './registration-status';

/**
 * RFC 4733 telephone-events in the audio stream (what most servers expect), or
 * SIP INFO with `application/dtmf-relay` for servers that only read signalling.
 */
export const DtmfMethodSchema = z.enum(['rfc4733', 'info']);

export const AccountInputSchema = z.object({
  displayName: z.string().max(80),
  sipAddress: z.string().max(256),
  /** Authentication user; empty means "same as the user part of the SIP address". */
  authUser: z.string().max(128),
  /** Empty on edit means "keep the saved password". */
  password: z.string().max(256),
  /** WebSocket: the server's ws(s):// URL. Other transports: the optional registrar/outbound proxy, `host[:port]` (empty: the SIP domain). */
  serverUrl: z.string().max(512),
  /** Absent in accounts saved before it existed: WebSocket. */
  transport: SipTransportChoiceSchema.optional(),
  /** The registration lifetime asked for, in seconds; absent means the default. */
  registerExpirySec: z.number().int().optional(),
  /** Codec order and on/off for plain-RTP providers; absent means all on, Opus first. */
  codecs: CodecSettingsSchema.optional(),
  /** Media protection on a TLS account; absent means SDES-SRTP when offered. */
  mediaEncryption: MediaEncryptionSchema.optional(),
  /** SHA-256 fingerprint of a TLS certificate the user chose to trust for this account. */
  trustedCertificateSha256: z.string().max(128).optional(),
  enabled: z.boolean(),
  /** Seconds between keep-alives on an idle connection; absent means the default. */
  keepAliveIntervalSec: z.number().int().optional(),
  /** Answer incoming calls by itself after this many seconds; absent means never (the default). */
  autoAnswerDelaySec: z.number().int().min(0).max(60).optional(),
  /** How keypad digits are sent in a call; absent means RFC 4733 (the default). */
  dtmfMethod: DtmfMethodSchema.optional(),
  /** What the Voicemail button dials (a number such as *97, or a SIP address); empty or absent: the box the server names. */
  voicemailNumber: z.string().max(128).optional(),
  /** Dialled before a watched line's number to pick up its ringing call when the server does not show the call; empty or absent: {@link DEFAULT_PICKUP_PREFIX}. */
  pickupPrefix: z.string().max(32).optional(),
});
export type AccountInput = z.infer<typeof AccountInputSchema>;

/** NATs commonly drop idle TCP mappings after 30–120 s; 15 s keeps well inside that. */
export const DEFAULT_KEEP_ALIVE_INTERVAL_SEC = 15;

export type DtmfMethod = z.infer<typeof DtmfMethodSchema>;
export const DEFAULT_DTMF_METHOD: DtmfMethod = 'rfc4733';
export const KEEP_ALIVE_INTERVAL_RANGE_SEC = { min: 5, max: 300 } as const;
export const REGISTER_EXPIRY_RANGE_SEC = { min: 30, max: 86_400 } as const;
export const DEFAULT_SIP_TRANSPORT: SipTransportChoice = 'websocket';
/** The call pickup feature code of Asterisk, FreeSWITCH and most PBXs. */
export const DEFAULT_PICKUP_PREFIX = '*8';

/** Input that passed every check, normalised. */
export interface ValidAccountInput {
  /** Never empty: the user part of the address when none was given. */
  readonly displayName: string;
  readonly address: SipAddress;
  readonly authUser: string;
  readonly password: string;
  /** WebSocket: the URL; other transports: `host[:port]` of the proxy, or empty. */
  readonly serverUrl: string;
  readonly transport: SipTransportChoice;
  readonly enabled: boolean;
  readonly keepAliveIntervalSec?: number;
  readonly registerExpirySec?: number;
  readonly autoAnswerDelaySec?: number;
  readonly dtmfMethod?: DtmfMethod;
  readonly codecs?: readonly CodecSetting[];
  readonly mediaEncryption?: MediaEncryption;
  readonly trustedCertificateSha256?: string;
  readonly voicemailNumber?: string;
  readonly pickupPrefix?: string;
}

export type AccountField = 'displayName' | 'sipAddress' | 'authUser' | 'password' | 'serverUrl' | 'keepAliveIntervalSec' | 'registerExpirySec' | 'trustedCertificateSha256';

/** An `AppError` that belongs under one field of the account form. */
export interface FieldError extends AppError {
  readonly field: AccountField;
}

/**
 * Validates the account form. Runs in the renderer for instant feedback and
 * again in main, which trusts nothing that crosses IPC.
 */
export function validateAccountInput(
  input: AccountInput,
  options: { readonly isPasswordRequired: boolean },
): Result<ValidAccountInput> & { readonly fieldErrors?: readonly FieldError[] } {
  const errors: FieldError[] = [];
  const address = parseSipAddress(input.sipAddress);
  if (!address.ok) errors.push({ field: 'sipAddress', ...address.error });
  const transport = input.transport ?? DEFAULT_SIP_TRANSPORT;
  const server = serverOf(input.serverUrl, transport);
  if (!server.ok) errors.push({ field: 'serverUrl', ...server.error });
  if (options.isPasswordRequired && input.password === '') {
    errors.push({ field: 'password', code: 'password-empty', message: 'Enter the password of this SIP account.' });
  }
  if (CONTROL_CHARACTERS.test(input.displayName)) {
    errors.push({ field: 'displayName', code: 'display-name-control', message: 'The display name cannot contain line breaks or other control characters.' });
  }
  const authUser = input.authUser.trim();
  if (/[\s:"]/.test(authUser)) {
    errors.push({ field: 'authUser', code: 'auth-user-format', message: 'The authentication user cannot contain spaces, colons or quotes.' });
  }
  const interval = input.keepAliveIntervalSec;
  const { min, max } = KEEP_ALIVE_INTERVAL_RANGE_SEC;
  if (interval !== undefined && (interval < min || interval > max)) {
    errors.push({
      field: 'keepAliveIntervalSec',
      code: 'keep-alive-range',
      message: `The keep-alive interval must be between ${min} and ${max} seconds.`,
      params: { min, max },
    });
  }
  const expiry = input.registerExpirySec;
  if (expiry !== undefined && (expiry < REGISTER_EXPIRY_RANGE_SEC.min || expiry > REGISTER_EXPIRY_RANGE_SEC.max)) {
    errors.push({
      field: 'registerExpirySec',
      code: 'register-expiry-range',
      message: `The registration expiry must be between ${REGISTER_EXPIRY_RANGE_SEC.min} and ${REGISTER_EXPIRY_RANGE_SEC.max} seconds.`,
      params: { ...REGISTER_EXPIRY_RANGE_SEC },
    });
  }
  const fingerprint = input.trustedCertificateSha256?.trim().toUpperCase() || undefined;
  if (fingerprint !== undefined && !/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(fingerprint)) {
    errors.push({ field: 'trustedCertificateSha256', code: 'fingerprint-format', message: 'A certificate fingerprint is 32 pairs of hex digits separated by colons (SHA-256).' });
  }
  if (!address.ok || !server.ok || errors.length > 0) {
    const first = errors[0];
    return { ...fail('invalid-account', first ? first.message : 'The account is not valid.'), fieldErrors: errors };
  }
  const { user } = address.value;
  return ok({
    displayName: input.displayName.trim() || user,
    address: address.value,
    authUser: authUser || user,
    password: input.password,
    serverUrl: server.value,
    transport,
    enabled: input.enabled,
    keepAliveIntervalSec: interval,
    registerExpirySec: expiry,
    autoAnswerDelaySec: input.autoAnswerDelaySec,
    dtmfMethod: input.dtmfMethod,
    codecs: input.codecs,
    mediaEncryption: input.mediaEncryption,
    trustedCertificateSha256: fingerprint,
    ...(input.voicemailNumber?.trim() ? { voicemailNumber: input.voicemailNumber.trim() } : {}),
    ...(input.pickupPrefix?.trim() ? { pickupPrefix: input.pickupPrefix.trim() } : {}),
  });
}

/** WebSocket needs its URL; the other transports take an optional `host[:port]`. */
function serverOf(text: string, transport: SipTransportChoice): ReturnType<typeof parseServerUrl> {
  if (transport === 'websocket') return parseServerUrl(text);
  const proxy = parseProxyAddress(text);
  if (!proxy.ok) return proxy;
  const value = proxy.value;
  return ok(value ? `${value.host.includes(':') ? `[${value.host}]` : value.host}${value.port ? `:${value.port}` : ''}` : '');
}

/**
 * The URL main's connection factory reads for a saved account: the
 * WebSocket URL, or `sip:host[:port][;transport=x]` toward the proxy (or the
 * SIP domain) for the other transports.
 */
export function connectionUrlOf(account: { readonly serverUrl: string; readonly transport?: SipTransportChoice; readonly address: SipAddress }): string {
  const transport = account.transport ?? DEFAULT_SIP_TRANSPORT;
  if (transport === 'websocket') return account.serverUrl;
  const proxy = parseProxyAddress(account.serverUrl);
  const domain = parseProxyAddress(account.address.domain);
  const hostPort = (proxy.ok ? proxy.value : undefined) ?? (domain.ok ? domain.value : undefined) ?? { host: account.address.domain };
  const url = plainTargetUrl({ ...hostPort, ...(transport === 'auto' ? {} : { transport }) });
  return parsePlainTargetUrl(url) ? url : `sip:${account.address.domain}`;
}

/** What the renderer may know about an account: everything but the secret. */
export interface AccountView {
  readonly id: string;
  readonly displayName: string;
  /** `user@domain` ({@link SipAddress.toString}); {@link addressOfView} parses it back. */
  readonly sipAddress: string;
  readonly authUser: string;
  readonly serverUrl: string;
  /** Absent: WebSocket (views built before the field existed). */
  readonly transport?: SipTransportChoice;
  readonly enabled: boolean;
  readonly keepAliveIntervalSec: number;
  readonly registerExpirySec?: number;
  readonly autoAnswerDelaySec?: number;
  readonly dtmfMethod: DtmfMethod;
  /** Absent: all on, Opus first (DEFAULT_CODEC_SETTINGS). */
  readonly codecs?: readonly CodecSetting[];
  /** Absent: DEFAULT_MEDIA_ENCRYPTION. */
  readonly mediaEncryption?: MediaEncryption;
  readonly trustedCertificateSha256?: string;
  readonly voicemailNumber?: string;
  /** Absent: {@link DEFAULT_PICKUP_PREFIX}. */
  readonly pickupPrefix?: string;
  readonly status: RegistrationStatus;
  /** Voicemail waiting, while the account runs. */
  readonly voicemail?: VoicemailStatus;
  /**
   * Digest realms the account's server has challenged with (not secret): the
   * window fetches their keys ahead of its first call instead of in the middle of it.
   */
  readonly challengedRealms?: readonly string[];
}

/** Where a saved password may go: the server, SIP domain and authentication user it was entered for. */
export interface PasswordBinding {
  readonly serverUrl: string;
  readonly transport?: SipTransportChoice;
  /** Undefined only for an address that does not parse: nothing matches it. */
  readonly address: SipAddress | undefined;
  readonly authUser: string;
}

/**
 * The refusal of an edit or test that leaves the password empty ("keep the
 * saved one") while changing where it would go. A saved password is only
 * ever sent to the server it was saved for: another server would get a
 * digest of it to attack, so the user must type it again.
 */
export function savedPasswordMisuse(saved: PasswordBinding, input: ValidAccountInput): FieldError | undefined {
  if (input.password !== '') return undefined;
  const isSameBinding =
    saved.serverUrl === input.serverUrl &&
    (saved.transport ?? DEFAULT_SIP_TRANSPORT) === input.transport &&
    saved.address?.domain === input.address.domain &&
    saved.authUser === input.authUser;
  if (isSameBinding) return undefined;
  return {
    field: 'password',
    code: 'password-for-new-server',
    message: 'The server, domain or authentication user changed: enter the password again. A saved password is only sent to the server it was saved for.',
  };
}

/** The binding of a saved account as the renderer sees it (its SIP address holds the domain). */
export function passwordBindingOf(account: Pick<AccountView, 'serverUrl' | 'sipAddress' | 'authUser'> & { readonly transport?: SipTransportChoice }): PasswordBinding {
  return { serverUrl: account.serverUrl, transport: account.transport, authUser: account.authUser, address: addressOfView(account) };
}

/**
 * The address of an account the renderer was shown, parsed from the plain
 * `user@domain` the snapshot carries; undefined only if it does not parse
 * (main sends nothing but parsed addresses).
 */
export function addressOfView(account: Pick<AccountView, 'sipAddress'>): SipAddress | undefined {
  const address = parseSipAddress(account.sipAddress);
  return address.ok ? address.value : undefined;
}
