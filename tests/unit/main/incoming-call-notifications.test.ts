/**
 * The core's incoming-call notifications, driven through the real contract:
 * a ringing call reported by a window shows one naming the caller and the
 * account; Answer / Decline reach that window; it closes when the call stops
 * ringing or the window goes away.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallSummary } from '../../../app/call-state';
import type { EventChannelName } from '../../../app/ipc-contract';
import { startTestCore } from '../../support/core-fixture';
import { waitFor } from '../../support/wait-for';

function ringing(id: string, accountId: string, extra: Partial<CallSummary> = {}): CallSummary {
  return {
    id,
    accountId,
    direction: 'incoming',
    remoteUri: 'sip:alice@example.com;transport=ws',
    remoteName: 'Alice',
    phase: 'ringing',
    startedAt: Date.now(),
    isMuted: false,
    ...extra,
  };
}

async function withWindow() {
  const phone = startTestCore();
  const accountId = await phone.addAccount({ displayName: 'Work line', sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
  const events: { channel: EventChannelName; payload: unknown }[] = [];
  const window = phone.core.connectRenderer((channel, payload) => events.push({ channel, payload }));
  const report = (calls: CallSummary[]) => window.invoke('calls:report', { calls });
  const actions = () => events.filter((event) => event.channel === 'calls:incoming-action').map((event) => event.payload);
  return { phone, accountId, window, report, actions };
}

test('a ringing call shows a notification naming the caller and the account; Answer answers it in its window and brings the window up', async () => {
  const { phone, accountId, report, actions } = await withWindow();
  try {
    await report([ringing('call-1', accountId)]);
    assert.equal(phone.notifications.open.length, 1);
    assert.deepEqual(phone.notifications.open[0]!.notice, { callId: 'call-1', caller: 'Alice (alice@example.com)', account: 'Work line' });

    // Reporting the same call again (its state changes several times) does not show a second one.
    await report([ringing('call-1', accountId)]);
    assert.equal(phone.notifications.all.length, 1);

    const windowRequestsBefore = phone.windowRequests;
    phone.notifications.open[0]!.answer();
    assert.deepEqual(actions(), [{ callId: 'call-1', action: 'answer' }]);
    assert.equal(phone.windowRequests, windowRequestsBefore + 1, 'the window comes to the front');
    assert.equal(phone.notifications.open.length, 0, 'it closes at once');
    // A second press (or the other button) does nothing more.
    phone.notifications.all[0]!.decline();
    assert.equal(actions().length, 1);
  } finally {
    await phone.stop();
  }
});

test('Decline goes to the window that runs the call, without bringing it up', async () => {
  const { phone, accountId, report, actions } = await withWindow();
  try {
    await report([ringing('call-2', accountId, { remoteName: undefined })]);
    assert.equal(phone.notifications.open[0]!.notice.caller, 'alice@example.com');
    const windowRequestsBefore = phone.windowRequests;
    phone.notifications.open[0]!.decline();
    assert.deepEqual(actions(), [{ callId: 'call-2', action: 'decline' }]);
    assert.equal(phone.windowRequests, windowRequestsBefore);
  } finally {
    await phone.stop();
  }
});

test('the notification closes when the call stops ringing, and when its window goes away', async () => {
  const { phone, accountId, window, report } = await withWindow();
  try {
    await report([ringing('call-3', accountId)]);
    await report([ringing('call-3', accountId, { phase: 'connected', answeredAt: Date.now() })]);
    assert.equal(phone.notifications.open.length, 0, 'answered in the window: closed');

    await report([ringing('call-4', accountId)]);
    await report([]);
    assert.equal(phone.notifications.open.length, 0, 'cancelled by the caller: closed');

    await report([ringing('call-5', accountId), ringing('call-6', accountId, { direction: 'outgoing' })]);
    assert.deepEqual(phone.notifications.open.map((n) => n.notice.callId), ['call-5'], 'only incoming calls');
    window.close();
    await waitFor('the notification to close', () => phone.notifications.open.length === 0);
  } finally {
    await phone.stop();
  }
});

test('a malformed action payload is refused by the schema the renderer checks', async () => {
  const { IncomingCallActionSchema } = await import('../../../app/incoming-call-notice');
  assert.equal(IncomingCallActionSchema.safeParse({ callId: 'x', action: 'hang-up' }).success, false);
  assert.equal(IncomingCallActionSchema.safeParse({ callId: '', action: 'answer' }).success, false);
  assert.equal(IncomingCallActionSchema.safeParse({ callId: 'x', action: 'answer' }).success, true);
});
