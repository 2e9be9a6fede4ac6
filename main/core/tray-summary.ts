/**
 * What the tray shows, computed from a snapshot: an aggregate state for the
 * icon and a tooltip that lists each account in words.
 */
import type { AppSnapshot } from '../../app/ipc-contract';
import type { RegistrationStatus } from '../../app/registration-status';

export type TrayState = 'no-accounts' | 'all-reachable' | 'some-failing' | 'all-offline' | 'in-call';

export function trayState(snapshot: AppSnapshot): TrayState {
  const enabled = snapshot.accounts.filter((account) => account.enabled);
  if (snapshot.calls.some((call) => call.phase !== 'ended')) return 'in-call';
  if (enabled.length === 0) return snapshot.accounts.length === 0 ? 'no-accounts' : 'all-offline';
  const registered = enabled.filter((account) => account.status.kind === 'registered').length;
  if (registered === enabled.length) return 'all-reachable';
  return registered === 0 && enabled.every((account) => account.status.kind === 'offline') ? 'all-offline' : 'some-failing';
}

export function statusWords(status: RegistrationStatus, enabled = true): string {
  if (!enabled) return 'Disabled';
  switch (status.kind) {
    case 'offline':
      return 'Offline';
    case 'connecting':
      return 'Connecting';
    case 'registering':
      return 'Registering';
    case 'registered':
      return 'Registered';
    case 'unreachable':
      return 'Unreachable (calls may be missed)';
    case 'failed':
      switch (status.reason) {
        case 'wrong-credentials':
          return `Registration failed: wrong credentials (${status.statusCode ?? '403/401'})`;
        case 'server-unreachable':
          return 'Server unreachable';
        case 'server-rejected':
          return `Registration failed: server rejected${status.statusCode ? ` (${status.statusCode})` : ''}`;
        case 'tls-error':
          return 'TLS error';
        case 'timed-out':
          return 'Registration timed out';
      }
  }
}

export function trayTooltip(snapshot: AppSnapshot): string {
  if (snapshot.accounts.length === 0) return 'Softphone: no account yet';
  const lines = snapshot.accounts.map((account) => `${account.displayName}: ${statusWords(account.status, account.enabled)}`);
  const active = snapshot.calls.filter((call) => call.phase !== 'ended');
  if (active.length > 0) lines.unshift(`In call (${active.length})`);
  if (snapshot.settings.doNotDisturb) lines.unshift('Do not disturb: incoming calls are turned away');
  if (snapshot.unseenMissedCalls > 0) lines.push(`${snapshot.unseenMissedCalls} missed call${snapshot.unseenMissedCalls === 1 ? '' : 's'}`);
  return ['Softphone', ...lines].join('\n');
}
