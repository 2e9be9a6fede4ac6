/**
 * A SIP account as the user enters it, and the checks that turn form input
 * into something main will save.
 */
import type { VoicemailStatus } from './voicemail';
import { z } from 'zod';
import { parseServerUrl, parseSipAddress, type SipAddress } from './sip-address';
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
  serverUrl: z.string().max(512),
  enabled: z.boolean(),
  /** Seconds between keep-alives on an idle connection; absent means the default. */
  keepAliveIntervalSec: z.number().int().optional(),
  /** Answer incoming calls by itself after this many seconds; absent means never (the default). */
  autoAnswerDelaySec: z.number().int().min(0).max(60).optional(),
  /** How keypad digits are sent in a call; absent means RFC 4733 (the default). */
  dtmfMethod: DtmfMethodSchema.optional(),
  /** What the Voicemail button dials (a number such as *97, or a SIP address); empty or absent: the box the server names. */
  voicemailNumber: z.string().max(128).optional(),
});
export type AccountInput = z.infer<typeof AccountInputSchema>;

/** NATs commonly drop idle TCP mappings after 30–120 s; 15 s keeps well inside that. */
export const DEFAULT_KEEP_ALIVE_INTERVAL_SEC = 15;

export type DtmfMethod = z.infer<typeof DtmfMethodSchema>;
export const DEFAULT_DTMF_METHOD: DtmfMethod = 'rfc4733';
export const KEEP_ALIVE_INTERVAL_RANGE_SEC = { min: 5, max: 300 } as const;

/** Input that passed every check, normalised. */
export interface ValidAccountInput {
  /** Never empty: the user part of the address when none was given. */
  readonly displayName: string;
  readonly address: SipAddress;
  readonly authUser: string;
  readonly password: string;
  readonly serverUrl: string;
  readonly enabled: boolean;
  readonly keepAliveIntervalSec?: number;
  readonly autoAnswerDelaySec?: number;
  readonly dtmfMethod?: DtmfMethod;
  readonly voicemailNumber?: string;
}

export type AccountField = 'displayName' | 'sipAddress' | 'authUser' | 'password' | 'serverUrl' | 'keepAliveIntervalSec';

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
  const server = parseServerUrl(input.serverUrl);
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
    enabled: input.enabled,
    keepAliveIntervalSec: interval,
    autoAnswerDelaySec: input.autoAnswerDelaySec,
    dtmfMethod: input.dtmfMethod,
    ...(input.voicemailNumber?.trim() ? { voicemailNumber: input.voicemailNumber.trim() } : {}),
  });
}

/** What the renderer may know about an account: everything but the secret. */
export interface AccountView {
  readonly id: string;
  readonly displayName: string;
  /** `user@domain` ({@link SipAddress.toString}); {@link addressOfView} parses it back. */
  readonly sipAddress: string;
  readonly authUser: string;
  readonly serverUrl: string;
  readonly enabled: boolean;
  readonly keepAliveIntervalSec: number;
  readonly autoAnswerDelaySec?: number;
  readonly dtmfMethod: DtmfMethod;
  readonly voicemailNumber?: string;
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
    saved.serverUrl === input.serverUrl && saved.address?.domain === input.address.domain && saved.authUser === input.authUser;
  if (isSameBinding) return undefined;
  return {
    field: 'password',
    code: 'password-for-new-server',
    message: 'The server, domain or authentication user changed: enter the password again. A saved password is only sent to the server it was saved for.',
  };
}

/** The binding of a saved account as the renderer sees it (its SIP address holds the domain). */
export function passwordBindingOf(account: Pick<AccountView, 'serverUrl' | 'sipAddress' | 'authUser'>): PasswordBinding {
  return { serverUrl: account.serverUrl, authUser: account.authUser, address: addressOfView(account) };
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
