/** Settings in the core under Node: what reaches the OS ports, the renderer and the disk. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EventChannelName } from '../../../app/ipc-contract';
import { startTestCore } from '../../support/core-fixture';
import { waitFor } from '../../support/wait-for';

test('the global shortcut is bound from the setting, re-bound on change, and a press reaches the renderer as calls:shortcut', async () => {
  const bound: string[] = [];
  let press: (() => void) | undefined;
  const refused = new Set(['Ctrl+Alt+T']);
  const phone = startTestCore({
    setGlobalShortcut: (accelerator, onPress) => {
      bound.push(accelerator);
      press = onPress;
      return !refused.has(accelerator);
    },
  });
  const events: EventChannelName[] = [];
  const window = phone.core.connectRenderer((channel) => events.push(channel));
  try {
    assert.deepEqual(bound, ['CommandOrControl+Alt+A'], 'the default shortcut is bound at start');
    press?.();
    assert.ok(events.includes('calls:shortcut'), 'the renderer was told');

    const invalid = await window.invoke('settings:update', { globalShortcut: 'A' });
    assert.equal(!invalid.ok && invalid.error.code, 'shortcut-needs-modifier');
    assert.equal(phone.core.snapshot.settings.globalShortcut, 'CommandOrControl+Alt+A', 'an invalid shortcut is not saved');

    assert.equal((await window.invoke('settings:update', { globalShortcut: 'Ctrl+Alt+T' })).ok, true);
    await waitFor('a notice that the shortcut is taken', () => phone.core.snapshot.notices.find((notice) => notice.code === 'shortcut-unavailable'));
    assert.deepEqual(bound.at(-1), 'Ctrl+Alt+T');

    assert.equal((await window.invoke('settings:update', { globalShortcut: '' })).ok, true);
    assert.deepEqual(bound.at(-1), '', 'an empty setting unbinds');
  } finally {
    window.close();
    await phone.stop();
  }
});

test('STUN/TURN servers are validated by main and kept', async () => {
  const phone = startTestCore();
  try {
    const refused = await phone.invoke('settings:update', { iceServers: [{ url: 'http://stun.example.com' }] });
    assert.equal(!refused.ok && refused.error.code, 'ice-url-scheme');
    const turn = { url: 'turn:127.0.0.1:3478', username: 'u', credential: 'p' };
    assert.equal((await phone.invoke('settings:update', { iceServers: [{ url: ' stun:127.0.0.1:3478 ' }, turn] })).ok, true);
    assert.deepEqual(phone.core.snapshot.settings.iceServers, [{ url: 'stun:127.0.0.1:3478' }, turn]);
  } finally {
    await phone.stop();
  }
});

test('a settings file that does not parse is kept as a backup, the user is told, and a fresh one works', async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-profile-'));
  const corrupted = '{ "settings": { "doNotDisturb": true, "language": "zh-CN" '; // cut off mid-write
  writeFileSync(join(profileDir, 'settings.json'), corrupted);
  const phone = startTestCore({ profileDir });
  try {
    const backups = readdirSync(profileDir).filter((name) => /^settings\.unreadable-\d+\.json$/.test(name));
    assert.equal(backups.length, 1, `backup kept (files: ${readdirSync(profileDir).join(', ')})`);
    assert.equal(readFileSync(join(profileDir, backups[0]!), 'utf8'), corrupted, 'the backup holds exactly what was there');
    const notice = await waitFor('the notice', () => phone.core.snapshot.notices.find((candidate) => candidate.code === 'settings-file-unreadable'));
    assert.equal(notice.params?.backup, join(profileDir, backups[0]!));
    assert.equal(phone.core.snapshot.settings.language, 'system', 'defaults meanwhile');
    assert.equal((await phone.invoke('settings:update', { theme: 'dark' })).ok, true);
    assert.equal(JSON.parse(readFileSync(join(profileDir, 'settings.json'), 'utf8')).settings.theme, 'dark');
  } finally {
    await phone.stop();
  }
});

test('a settings value this version does not know is kept in the file when another setting changes', async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-profile-'));
  writeFileSync(join(profileDir, 'settings.json'), JSON.stringify({ settings: { theme: 'sepia', doNotDisturb: true, futureOption: 7 } }));
  const phone = startTestCore({ profileDir });
  try {
    assert.equal(phone.core.snapshot.settings.doNotDisturb, true, 'the rest of the settings survive');
    assert.equal(phone.core.snapshot.settings.theme, 'system');
    assert.equal((await phone.invoke('settings:update', { language: 'en' })).ok, true);
    const stored = JSON.parse(readFileSync(join(profileDir, 'settings.json'), 'utf8')).settings;
    assert.equal(stored.futureOption, 7);
    assert.equal(stored.doNotDisturb, true);
    assert.equal(stored.theme, 'sepia', 'an unknown value is left for the version that knows it');
  } finally {
    await phone.stop();
  }
});
