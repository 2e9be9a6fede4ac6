import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAccelerator } from '../../../app/accelerator';
import { validateIceServer, validateIceServers } from '../../../app/ice-servers';
import { languageFor, resolveLanguage } from '../../../app/language';
import { DEFAULT_SETTINGS, parseStoredSettings, SettingsSchema, shouldOfferStartAtLogin, shouldStartAtLogin, shouldWarnAboutPlainTextPasswords, validateSettingsChange } from '../../../app/settings';

test('STUN/TURN URLs: stun:, turn: and turns: only, TURN with credentials', () => {
  assert.deepEqual(validateIceServer({ url: ' stun:stun.example.com:3478 ' }), { ok: true, value: { url: 'stun:stun.example.com:3478' } });
  assert.equal(validateIceServer({ url: 'turns:turn.example.com:5349?transport=tcp', username: 'u', credential: 'p' }).ok, true);
  assert.equal(validateIceServer({ url: 'turn:[::1]:3478', username: 'u', credential: 'p' }).ok, true);
  assert.equal(validateIceServer({ url: 'http://stun.example.com' }).fieldError?.code, 'ice-url-scheme');
  assert.equal(validateIceServer({ url: 'stun:' }).fieldError?.code, 'ice-url-format');
  assert.equal(validateIceServer({ url: 'stun:host:99999' }).fieldError?.code, 'ice-url-format');
  assert.equal(validateIceServer({ url: '' }).fieldError?.code, 'ice-url-empty');
  const noPassword = validateIceServer({ url: 'turn:turn.example.com', username: 'u' });
  assert.equal(noPassword.fieldError?.code, 'ice-turn-credentials');
  assert.equal(noPassword.fieldError?.field, 'credential');
  assert.equal(validateIceServer({ url: 'stun:s.example.com', username: 'u' }).fieldError?.code, 'ice-stun-credentials');
  assert.equal(validateIceServers([{ url: 'stun:a.example.com' }, { url: 'ftp:b' }]).index, 1);
});

test('global shortcut: Electron accelerator grammar, with a modifier other than Shift', () => {
  assert.deepEqual(validateAccelerator('CommandOrControl+Alt+A'), { ok: true, value: 'CommandOrControl+Alt+A' });
  assert.deepEqual(validateAccelerator(' Ctrl + Shift + F5 '), { ok: true, value: 'Ctrl+Shift+F5' });
  assert.deepEqual(validateAccelerator(''), { ok: true, value: '' });
  assert.equal(validateAccelerator('Ctrl+Plus').ok, true);
  const cases: [string, string][] = [
    ['A', 'shortcut-needs-modifier'],
    ['Shift+A', 'shortcut-needs-modifier'],
    ['Ctrl+', 'shortcut-format'],
    ['Hyper+A', 'shortcut-modifier'],
    ['Ctrl+Alt+Foo', 'shortcut-key'],
  ];
  for (const [text, code] of cases) {
    const result = validateAccelerator(text);
    assert.equal(result.ok ? 'ok' : result.error.code, code, text);
  }
});

test('stored settings: an unknown value falls back alone, other settings survive', () => {
  const settings = parseStoredSettings({ doNotDisturb: true, language: 'klingon', theme: 'dark', iceServers: 'nope' });
  assert.equal(settings.doNotDisturb, true);
  assert.equal(settings.theme, 'dark');
  assert.equal(settings.language, 'system');
  assert.deepEqual(settings.iceServers, []);
  assert.deepEqual(parseStoredSettings(undefined), DEFAULT_SETTINGS);
  assert.deepEqual(DEFAULT_SETTINGS.iceServers, [], 'no default public STUN server');
});

test('settings changes are checked in words', () => {
  const badServer = validateSettingsChange({ iceServers: [{ url: 'stun:ok.example.com' }, { url: 'udp:x' }] });
  assert.equal(badServer.ok, false);
  assert.equal(badServer.iceServerIndex, 1);
  const badShortcut = validateSettingsChange({ globalShortcut: 'Q' });
  assert.equal(!badShortcut.ok && badShortcut.error.code, 'shortcut-needs-modifier');
  assert.deepEqual(validateSettingsChange({ globalShortcut: 'Alt + Q' }), { ok: true, value: { globalShortcut: 'Alt+Q' } });
});

test('languages: System follows the OS, unsupported ones fall back to English', () => {
  assert.equal(resolveLanguage('zh-Hans-CN'), 'zh-CN');
  assert.equal(resolveLanguage('zh'), 'zh-CN');
  assert.equal(resolveLanguage('fr-FR'), 'en');
  assert.equal(resolveLanguage('zh-TW'), 'en');
  assert.equal(resolveLanguage(undefined), 'en');
  assert.equal(languageFor('system', 'zh-CN'), 'zh-CN');
  assert.equal(languageFor('en', 'zh-CN'), 'en');
  assert.equal(languageFor('zh-CN', 'de'), 'zh-CN');
});

test('the plain-text password warning stays dismissed for that storage only, and never shows for encrypted storage', () => {
  const snapshot = (credentialStorage: string, credentialStorageId: string, dismissedCredentialWarning?: string) => ({
    credentialStorage,
    credentialStorageId,
    settings: { dismissedCredentialWarning },
  });
  assert.equal(shouldWarnAboutPlainTextPasswords(snapshot('plain-text', 'plain-text:basic_text')), true);
  assert.equal(shouldWarnAboutPlainTextPasswords(snapshot('plain-text', 'plain-text:basic_text', 'plain-text:basic_text')), false);
  assert.equal(shouldWarnAboutPlainTextPasswords(snapshot('plain-text', 'plain-text:unavailable', 'plain-text:basic_text')), true, 'another backend warns again');
  assert.equal(shouldWarnAboutPlainTextPasswords(snapshot('encrypted', 'encrypted:gnome_libsecret')), false);
});

test('start at login is offered once an account exists, and on only when chosen', () => {
  const settings = SettingsSchema.parse({});
  assert.equal(shouldStartAtLogin(settings), false);
  assert.equal(shouldOfferStartAtLogin(settings, 0), false);
  assert.equal(shouldOfferStartAtLogin(settings, 1), true);
  assert.equal(shouldOfferStartAtLogin({ ...settings, startAtLogin: false }, 1), false);
  assert.equal(shouldStartAtLogin({ ...settings, startAtLogin: true }), true);
});
