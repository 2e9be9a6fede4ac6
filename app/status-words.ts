/**
 * Registration status as translation keys: the window's chips and main's
 * tray say the same thing from the same locale files.
 */
import type { TranslationKey } from './i18n/resources';
import type { RegistrationStatus } from './registration-status';

export type StatusWordKey = Extract<TranslationKey, `status.${string}`>;

/** Any i18next-style `t` that knows the `status.*` keys. */
export type StatusTranslate = (key: StatusWordKey, options?: { code?: number }) => string;

export function registrationStatusWords(t: StatusTranslate, account: { readonly enabled: boolean; readonly status: RegistrationStatus }): string {
  const { status } = account;
  if (!account.enabled) return t('status.disabled');
  switch (status.kind) {
    case 'offline':
      return t('status.offline');
    case 'connecting':
      return t('status.connecting');
    case 'registering':
      return t('status.registering');
    case 'registered':
      return t('status.registered');
    case 'unreachable':
      return t('status.unreachable');
    case 'failed':
      switch (status.reason) {
        case 'wrong-credentials':
          return status.statusCode === undefined ? t('status.wrongCredentialsNoCode') : t('status.wrongCredentials', { code: status.statusCode });
        case 'server-rejected':
          return status.statusCode === undefined ? t('status.serverRejectedNoCode') : t('status.serverRejected', { code: status.statusCode });
        case 'server-unreachable':
          return t('status.serverUnreachable');
        case 'tls-error':
          return t('status.tlsError');
        case 'timed-out':
          return t('status.timedOut');
      }
  }
}
