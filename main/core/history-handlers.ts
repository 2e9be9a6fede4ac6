/** The call history domain: calls the renderer ran, and calls main turned away itself. */
import type { TurnedAwayReason } from './account-agent';
import { fail, ok } from '../../app/result';
import type { CoreHandlerContext } from './core-handler-context';
import type { InvokeHandlers } from './core-handlers';

export function historyHandlers({ stores, publish }: CoreHandlerContext): InvokeHandlers<'history:record' | 'history:mark-missed-seen'> {
  return {
    'history:record': (record) => {
      if (!stores.accounts.get(record.accountId)) return fail('account-not-found', 'This account no longer exists.');
      stores.history.add(record);
      publish();
      return ok(null);
    },
    'history:mark-missed-seen': () => {
      stores.history.markMissedSeen();
      publish();
      return ok(null);
    },
  };
}

/** Main answered an incoming call itself (Do not disturb, no window in time): it is a missed call in history. */
export function recordTurnedAwayCall(
  { stores, publish }: CoreHandlerContext,
  accountId: string,
  call: { callId: string; remoteUri: string; remoteName?: string; at: number },
  reason: TurnedAwayReason,
): void {
  stores.history.add({
    id: call.callId,
    accountId,
    direction: 'incoming',
    remoteUri: call.remoteUri,
    remoteName: call.remoteName,
    startedAt: call.at,
    endedAt: call.at,
    outcome: reason,
    outcomeText: reason === 'dnd' ? 'Turned away: Do not disturb was on' : 'No window could answer in time',
  });
  publish();
}
