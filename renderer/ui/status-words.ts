/**
 * Registration status in words: the chips, the settings list and the dial
 * hint all say the same thing, and the color is never the only signal.
 */
import type { AccountView } from '../../app/account';
import { statusColor, type StatusColor } from '../../app/registration-status';
import type { Translate } from '../i18n/i18n';

export { registrationStatusWords, statusDetailWords } from '../../app/status-words';

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

/** `host:port` of a server URL, the way the status sentences name a server. */
export function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host || serverUrl;
  } catch {
    return serverUrl;
  }
}
