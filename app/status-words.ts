/**
 * Registration status, and why an account is unreachable, as translation
 * keys: the window's chips and main's tray say the same thing from the same
 * locale files.
 */
import type { TranslationKey } from './i18n/resources';
import type { RegistrationStatus } from './registration-status';
import type { StatusDetail } from './status-detail';

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

export type StatusDetailWordKey = Extract<TranslationKey, `detail.${string}`>;

/** Any i18next-style `t` that knows the `detail.*` keys. */
export type StatusDetailTranslate = (key: StatusDetailWordKey, options?: Record<string, string | number>) => string;

/**
 * A failed connect in words: a refusal and an unknown name need different
 * fixes, so they read differently. Every transport now reports those two as
 * `port-refused` and `host-unknown`; their cases here word the details
 * earlier versions stored.
 */
function cannotReachWords(t: StatusDetailTranslate, error: string): string {
  switch (error) {
    case 'ECONNREFUSED':
      return t('detail.connectionRefused', { error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return t('detail.hostNotFound', { error });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return t('detail.noRoute', { error });
    default:
      return t('detail.cannotReach', { error });
  }
}

/**
 * Why an account cannot receive calls, in words. A code this version does
 * not know (a newer main's) shows as the code itself, never as nothing.
 */
export function statusDetailWords(t: StatusDetailTranslate, detail: StatusDetail): string {
  switch (detail.code) {
    case 'connection-lost': {
      const { closedBy, closeCode } = detail.params;
      if (closedBy === 'us') return t('detail.closedByUs');
      if (closedBy === 'network') return t('detail.connectionError');
      return closeCode === undefined ? t('detail.closedByServer') : t('detail.closedByServerWithCode', { closeCode });
    }
    case 'dead-peer':
      return t('detail.deadPeer');
    case 'probe-lost':
      return t('detail.probeLost');
    case 'registration-unanswered':
      return t('detail.registrationUnanswered');
    case 'wrong-credentials':
      return detail.params === undefined ? t('detail.wrongCredentials') : t('detail.wrongCredentialsWithCode', { statusCode: detail.params.statusCode });
    case 'contact-missing':
      return t('detail.contactMissing', { statusCode: detail.params.statusCode });
    case 'server-rejected':
      return t('detail.serverRejected', { statusCode: detail.params.statusCode, reason: detail.params.reason });
    case 'cannot-reach':
      return cannotReachWords(t, detail.params.error);
    case 'upgrade-refused':
      return t('detail.upgradeRefused', { httpStatus: detail.params.httpStatus });
    case 'tls-failed':
      return t('detail.tlsFailed', { error: detail.params.error });
    case 'tls-untrusted':
      return t('detail.tlsUntrusted', { error: detail.params.error, fingerprint: detail.params.fingerprint });
    case 'host-unknown':
      return t('detail.hostUnknown', { host: detail.params.host });
    case 'port-refused':
      return t('detail.portRefused', { server: detail.params.server, transport: detail.params.transport });
    case 'connect-timed-out':
      return t('detail.connectTimedOut');
    case 'handshake-closed':
      return t('detail.closedDuringHandshake');
    case 'app-not-running':
      return t('detail.appNotRunning');
    case 'password-unreadable':
      return t('detail.passwordUnreadable');
    case 'unknown':
      return t('detail.unknown');
    default:
      return String((detail as { code: unknown }).code);
  }
}
