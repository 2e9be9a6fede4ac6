/** The call history domain: calls the renderer ran, and calls main turned away itself. */
import type { CallEndedByMain } from './dialog-table';
import type { TurnedAwayCall, TurnedAwayReason } from './renderer-relay';
import type { ReportedCallRecord } from '../../app/call-history';
import type { CallRecording } from '../../app/recording';
import { fail, ok } from '../../app/result';
import type { CoreHandlerContext } from './core-handler-context';
import type { InvokeHandlers } from './core-handlers';

/** `recordingOf`: the recording main finished for a call before its history entry arrived. */
export function historyHandlers(
  { stores, publish }: CoreHandlerContext,
  recordingOf: (callId: string) => CallRecording | undefined,
): InvokeHandlers<'history:record' | 'history:mark-missed-seen' | 'history:remove' | 'history:clear'> {
  return {
    'history:record': (record) => {
      if (!stores.accounts.get(record.accountId)) return fail('account-not-found', 'This account no longer exists.');
      if (!stores.history.add(record, recordingOf(record.id))) return fail('invalid-request', 'The request history:record was malformed.');
      publish();
      return ok(null);
    },
    'history:mark-missed-seen': () => {
      stores.history.markMissedSeen();
      publish();
      return ok(null);
    },
    'history:remove': ({ ids }) => {
      if (stores.history.remove(ids)) publish();
      return ok(null);
    },
    'history:clear': () => {
      stores.history.clear();
      publish();
      return ok(null);
    },
  };
}

const TURNED_AWAY_TEXT: Readonly<Record<TurnedAwayReason, string>> = {
  dnd: 'Turned away: Do not disturb was on',
  'no-window': 'No window could answer in time',
  cancelled: 'The caller hung up before a window could answer',
};

/** Main answered an incoming call itself (Do not disturb, no window in time, cancelled while held): a missed call in history. */
export function recordTurnedAwayCall(
  context: CoreHandlerContext,
  accountId: string,
  call: TurnedAwayCall,
  reason: TurnedAwayReason,
  statusCode: number,
): void {
  recordCallOfMain(context, `a call turned away (${reason})`, {
    id: call.callId,
    accountId,
    direction: 'incoming',
    remoteUri: call.remoteUri,
    remoteName: call.remoteName,
    startedAt: call.at,
    endedAt: call.at,
    outcome: reason === 'cancelled' ? 'missed' : reason,
    outcomeText: TURNED_AWAY_TEXT[reason],
    outcomeStatusCode: statusCode,
  });
}

/** Main ended a connected call itself (its window reloaded or closed): an answered call, with its duration, in history. */
export function recordCallEndedByMain(context: CoreHandlerContext, accountId: string, call: CallEndedByMain): void {
  recordCallOfMain(context, 'a call main ended', {
    id: call.callId,
    accountId,
    direction: call.direction,
    remoteUri: call.remoteUri,
    remoteName: call.remoteName,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: context.ports.now?.() ?? Date.now(),
  });
}

/** Writes a call main handled itself; one that cannot be made to fit the schema is logged, not thrown. */
function recordCallOfMain({ stores, publish, ports }: CoreHandlerContext, what: string, record: ReportedCallRecord): void {
  if (!stores.history.add(record)) ports.log.warn(`${what} could not be written to history`);
  publish();
}
