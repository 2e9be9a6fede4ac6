/**
 * The account form's values: every field as typed, made from a saved
 * account and turned into the input main validates and saves.
 */
import {
  DEFAULT_DTMF_METHOD,
  DEFAULT_KEEP_ALIVE_INTERVAL_SEC,
  DEFAULT_SIP_TRANSPORT,
  KEEP_ALIVE_INTERVAL_RANGE_SEC,
  type AccountInput,
  type AccountView,
  type FieldError,
} from '../../app/account';
import { DEFAULT_CODEC_SETTINGS, DEFAULT_MEDIA_ENCRYPTION } from '../../app/codec-preferences';

/** What the form holds: every field as typed. */
export type FormValues = Omit<AccountInput, 'keepAliveIntervalSec' | 'registerExpirySec' | 'trustedCertificateSha256'> & {
  readonly keepAliveIntervalSec: string;
  readonly registerExpirySec: string;
  readonly trustedCertificateSha256: string;
};

export function initialValues(account: AccountView | undefined): FormValues {
  return {
    displayName: account?.displayName ?? '',
    sipAddress: account?.sipAddress ?? '',
    authUser: account?.authUser ?? '',
    password: '',
    serverUrl: account?.serverUrl ?? '',
    enabled: account?.enabled ?? true,
    transport: account?.transport ?? DEFAULT_SIP_TRANSPORT,
    keepAliveIntervalSec: String(account?.keepAliveIntervalSec ?? DEFAULT_KEEP_ALIVE_INTERVAL_SEC),
    registerExpirySec: account?.registerExpirySec === undefined ? '' : String(account.registerExpirySec),
    codecs: [...(account?.codecs ?? DEFAULT_CODEC_SETTINGS)],
    mediaEncryption: account?.mediaEncryption ?? DEFAULT_MEDIA_ENCRYPTION,
    trustedCertificateSha256: account?.trustedCertificateSha256 ?? '',
    autoAnswerDelaySec: account?.autoAnswerDelaySec,
    dtmfMethod: account?.dtmfMethod ?? DEFAULT_DTMF_METHOD,
    voicemailNumber: account?.voicemailNumber ?? '',
    pickupPrefix: account?.pickupPrefix ?? '',
  };
}

/**
 * The input main takes, or the error of a keep-alive interval that is not a
 * whole number (the range is `validateAccountInput`'s to check). Empty means
 * the default.
 */
export function toInput(values: FormValues, isKeepAliveUnreadable: boolean): { input: AccountInput; keepAliveError?: FieldError } {
  const { keepAliveIntervalSec: typed, registerExpirySec: typedExpiry, trustedCertificateSha256: typedFingerprint, ...others } = values;
  const expiryText = typedExpiry.trim();
  const rest: AccountInput = {
    ...others,
    ...(expiryText === '' ? {} : { registerExpirySec: Number.isInteger(Number(expiryText)) ? Number(expiryText) : -1 }),
    ...(typedFingerprint.trim() === '' ? {} : { trustedCertificateSha256: typedFingerprint.trim() }),
  };
  const text = typed.trim();
  const seconds = text === '' ? undefined : Number(text);
  if (isKeepAliveUnreadable || (seconds !== undefined && !Number.isInteger(seconds))) {
    const { min, max } = KEEP_ALIVE_INTERVAL_RANGE_SEC;
    return {
      input: rest,
      keepAliveError: {
        field: 'keepAliveIntervalSec',
        code: 'keep-alive-format',
        message: `Enter a whole number of seconds between ${min} and ${max}.`,
        params: { min, max },
      },
    };
  }
  return { input: { ...rest, keepAliveIntervalSec: seconds } };
}

/** Whether the fields a saved password is bound to (server, SIP address, auth user) are as they were saved. */
export function isPointingAtSavedServer(account: AccountView, values: FormValues): boolean {
  const initial = initialValues(account);
  return (
    values.serverUrl.trim() === initial.serverUrl &&
    values.transport === initial.transport &&
    values.sipAddress.trim() === initial.sipAddress &&
    values.authUser.trim() === initial.authUser
  );
}
