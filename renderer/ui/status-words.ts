/**
 * Registration status in words: the chips, the settings list and the dial
 * hint all say the same thing, and the color is never the only signal.
 */
import type { AccountView } from '../../app/account';
import { statusColor, type StatusColor } from '../../app/registration-status';
import type { Translate } from '../i18n/i18n';

export function registrationStatusWords(t: Translate, account: Pick<AccountView, 'enabled' | 'status'>): string {
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
          return status.statusCode === undefined
            ? t('status.wrongCredentialsNoCode')
            : t('status.wrongCredentials', { code: status.statusCode });
        case 'server-rejected':
          return status.statusCode === undefined
            ? t('status.serverRejectedNoCode')
            : t('status.serverRejected', { code: status.statusCode });
        case 'server-unreachable':
          return t('status.serverUnreachable');
        case 'tls-error':
          return t('status.tlsError');
        case 'timed-out':
          return t('status.timedOut');
      }
  }
}

/** One sentence explaining the status, for the chip's details. */
export function registrationStatusHelp(t: Translate, account: Pick<AccountView, 'enabled' | 'status' | 'serverUrl'>): string {
  const { status } = account;
  const server = hostOf(account.serverUrl);
  if (!account.enabled) return t('statusHelp.disabled');
  switch (status.kind) {
    case 'offline':
      return t('statusHelp.offline');
    case 'connecting':
      return t('statusHelp.connecting', { server });
    case 'registering':
      return t('statusHelp.registering');
    case 'registered':
      return t('statusHelp.registered');
    case 'unreachable':
      return t('statusHelp.unreachable');
    case 'failed':
      switch (status.reason) {
        case 'wrong-credentials':
          return t('statusHelp.wrongCredentials');
        case 'server-rejected':
          return t('statusHelp.serverRejected');
        case 'server-unreachable':
          return t('statusHelp.serverUnreachable', { server });
        case 'tls-error':
          return t('statusHelp.tlsError', { server });
        case 'timed-out':
          return t('statusHelp.timedOut');
      }
  }
}

export function accountStatusColor(account: Pick<AccountView, 'enabled' | 'status'>): StatusColor {
  return statusColor(account.status, account.enabled);
}

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host || serverUrl;
  } catch {
    return serverUrl;
  }
}
