import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountView } from '../../../app/account';
import type { AppSnapshot } from '../../../app/ipc-contract';
import type { RegistrationStatus } from '../../../app/registration-status';
import { SettingsSchema } from '../../../app/settings';
import { MainTranslations } from '../../../main/core/main-i18n';
import { quitQuestion, trayDoNotDisturbItem, trayMenuLabels, trayState, trayTooltip, trayVoicemailLines } from '../../../main/core/tray-summary';

function account(displayName: string, status: RegistrationStatus, enabled = true): AccountView {
  return { id: displayName, displayName, sipAddress: `${displayName}@x.test`, authUser: displayName, serverUrl: 'ws://x', enabled, keepAliveIntervalSec: 15, dtmfMethod: 'rfc4733', status };
}
function snapshot(accounts: AccountView[], inCall = false): AppSnapshot {
  const calls = inCall
    ? [{ id: 'c', accountId: 'a', direction: 'incoming' as const, remoteUri: 'sip:b@x', phase: 'connected' as const, startedAt: 0, isMuted: false }]
    : [];
  return { revision: 1, accounts, calls, credentialStorage: 'encrypted', credentialStorageId: 'encrypted', desktop: { startAtLogin: true, tray: true, links: true, globalShortcut: true, notifications: true }, notices: [], settings: SettingsSchema.parse({}), unreachablePeriods: [], history: [], unseenMissedCalls: 0 };
}

test('the tray aggregates account states at a glance', () => {
  const registered: RegistrationStatus = { kind: 'registered', expiresAt: 0 };
  const failed: RegistrationStatus = { kind: 'failed', reason: 'wrong-credentials', statusCode: 403 };
  assert.equal(trayState(snapshot([])), 'no-accounts');
  assert.equal(trayState(snapshot([account('a', registered), account('b', registered)])), 'all-reachable');
  assert.equal(trayState(snapshot([account('a', registered), account('b', failed)])), 'some-failing');
  assert.equal(trayState(snapshot([account('a', registered, false)])), 'all-offline');
  assert.equal(trayState(snapshot([account('a', registered)], true)), 'in-call');
});

const twoAccounts = () =>
  snapshot([account('Work', { kind: 'registered', expiresAt: 0 }), account('Home', { kind: 'failed', reason: 'wrong-credentials', statusCode: 401 })]);

test('voicemail counts are in the tooltip and the menu, marked when not current; a server without them adds nothing', () => {
  const t = new MainTranslations('en').t;
  const accounts = twoAccounts().accounts;
  const withVoicemail = snapshot([
    { ...accounts[0]!, voicemail: { availability: 'active', isWaiting: true, newCount: 2, oldCount: 8 } },
    { ...accounts[1]!, voicemail: { availability: 'not-offered', isWaiting: false } },
  ]);
  assert.deepEqual(trayVoicemailLines(withVoicemail, t), ['Work: Voicemail: 2 new, 8 old']);
  assert.match(trayTooltip(withVoicemail, t), /Work: Voicemail: 2 new, 8 old/);
  const stale = snapshot([{ ...accounts[0]!, voicemail: { availability: 'unknown', isWaiting: true, newCount: 2, oldCount: 8 } }]);
  assert.deepEqual(trayVoicemailLines(stale, t), ['Work: Voicemail: 2 new, 8 old (not current)']);
});

test('the tooltip lists every account in words', () => {
  const text = trayTooltip(twoAccounts(), new MainTranslations('en').t);
  assert.match(text, /Work: Registered/);
  assert.match(text, /Home: Registration failed: wrong credentials \(401\)/);
});

test('the tray speaks the chosen language, from the same locale files as the window', () => {
  const translations = new MainTranslations('en');
  translations.setLanguage('zh-CN');
  const text = trayTooltip({ ...twoAccounts(), unseenMissedCalls: 2 }, translations.t);
  assert.match(text, /Work：已注册/);
  assert.match(text, /2 个未接来电/);
  assert.deepEqual(trayMenuLabels(translations.t), { open: '打开软电话', quit: '退出' });
  assert.equal(trayDoNotDisturbItem(twoAccounts(), translations.t).label, '勿扰模式：关');
  translations.setLanguage('en');
  assert.deepEqual(trayMenuLabels(translations.t), { open: 'Open Softphone', quit: 'Quit' });
  assert.match(trayTooltip({ ...twoAccounts(), unseenMissedCalls: 1 }, translations.t), /1 missed call$/);
});

test('Quit asks before it ends a live call, and only then', () => {
  const t = new MainTranslations('en').t;
  assert.equal(quitQuestion(snapshot([account('a', { kind: 'registered' } as RegistrationStatus)]), t), undefined);
  const question = quitQuestion(snapshot([], true), t);
  assert.deepEqual(question?.buttons, ['Hang up and quit', 'Keep the call']);
  assert.equal(question?.message, 'Hang up the call and quit?');
  const ended = { ...snapshot([], true), calls: snapshot([], true).calls.map((call) => ({ ...call, phase: 'ended' as const })) };
  assert.equal(quitQuestion(ended, t), undefined, 'an ended call does not hold Quit back');
  assert.equal(quitQuestion(snapshot([], true), new MainTranslations('zh-CN').t)?.buttons[0], '挂断并退出');
});

test('the tooltip says why an account cannot take calls, in the chosen language', () => {
  const unreachable: RegistrationStatus = { kind: 'unreachable', since: 0, detail: { code: 'connection-lost', params: { closedBy: 'server', closeCode: 1001 } } };
  const rejected: RegistrationStatus = { kind: 'failed', reason: 'server-rejected', statusCode: 503, detail: { code: 'server-rejected', params: { statusCode: 503, reason: 'Service Unavailable' } } };
  const accounts = snapshot([account('Work', unreachable), account('Home', rejected), account('Lab', unreachable, false)]);
  const english = trayTooltip(accounts, new MainTranslations('en').t);
  assert.match(english, /Work: Unreachable \(calls may be missed\) — Connection lost \(closed by the server, WebSocket code 1001\)/);
  assert.match(english, /Home: Registration failed: server rejected \(503\) — The server answered the registration with 503 Service Unavailable/);
  assert.match(english, /Lab: Disabled$/m, 'a disabled account gives no reason');
  const chinese = trayTooltip(accounts, new MainTranslations('zh-CN').t);
  assert.match(chinese, /连接已断开（服务器关闭了连接，WebSocket 代码 1001）/);
  assert.match(chinese, /服务器以 503 Service Unavailable 答复了注册请求/);
});

test('the tray\'s Do not disturb item says its state in words, and one click turns it the other way', () => {
  const translations = new MainTranslations('en');
  const off = twoAccounts();
  const on = { ...off, settings: { ...off.settings, doNotDisturb: true } };
  assert.deepEqual(trayDoNotDisturbItem(off, translations.t), { label: 'Do not disturb: off', isChecked: false, nextValue: true });
  assert.deepEqual(trayDoNotDisturbItem(on, translations.t), { label: 'Do not disturb: on', isChecked: true, nextValue: false });
});
