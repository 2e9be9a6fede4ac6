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

test('STUN/TURN servers are validated by main and kept; snapshots say a TURN password is saved, never what it is', async () => {
  const phone = startTestCore();
  try {
    const refused = await phone.invoke('settings:update', { iceServers: [{ url: 'http://stun.example.com' }] });
    assert.equal(!refused.ok && refused.error.code, 'ice-url-scheme');
    const turn = { url: 'turn:127.0.0.1:3478', username: 'u', credential: TURN_PASSWORD };
    assert.equal((await phone.invoke('settings:update', { iceServers: [{ url: ' stun:127.0.0.1:3478 ' }, turn] })).ok, true);
    assert.deepEqual(phone.core.snapshot.settings.iceServers, [{ url: 'stun:127.0.0.1:3478' }, { url: turn.url, username: 'u', hasCredential: true }]);
    assert.doesNotMatch(JSON.stringify(phone.core.snapshot), new RegExp(TURN_PASSWORD), 'no TURN password in the snapshot');
    assert.deepEqual(await phone.invoke('settings:ice-servers'), {
      ok: true,
      value: [{ urls: 'stun:127.0.0.1:3478' }, { urls: turn.url, username: 'u', credential: TURN_PASSWORD }],
    });
  } finally {
    await phone.stop();
  }
});

const TURN_PASSWORD = 'turn-secret-7f3a';

test('the TURN password is sealed in the settings file, kept when left empty, and never follows a changed server', async () => {
  const phone = startTestCore();
  const settingsFile = join(phone.profileDir, 'settings.json');
  try {
    const turn = { url: 'turn:127.0.0.1:3478', username: 'u', credential: TURN_PASSWORD };
    assert.equal((await phone.invoke('settings:update', { iceServers: [turn] })).ok, true);
    assert.doesNotMatch(readFileSync(settingsFile, 'utf8'), new RegExp(TURN_PASSWORD), 'the password is not in the file in clear');

    // Saved again from the form, password field left empty: the saved one stays.
    assert.equal((await phone.invoke('settings:update', { iceServers: [{ url: turn.url, username: 'u' }] })).ok, true);
    const kept = await phone.invoke<{ credential?: string }[]>('settings:ice-servers');
    assert.equal(kept.ok && kept.value[0]?.credential, TURN_PASSWORD);

    // Another server or user: the saved password is not handed to it.
    for (const moved of [{ url: 'turn:127.0.0.2:3478', username: 'u' }, { url: turn.url, username: 'v' }]) {
      const refused = await phone.invoke('settings:update', { iceServers: [moved] });
      assert.equal(!refused.ok && refused.error.code, 'ice-turn-credentials', JSON.stringify(moved));
    }
    assert.equal(JSON.parse(readFileSync(settingsFile, 'utf8')).settings.iceServers[0].url, turn.url, 'a refused change is not saved');
  } finally {
    await phone.stop();
  }
});

test('a TURN password stored in clear by an older version is sealed on start and still used', async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-profile-'));
  const settingsFile = join(profileDir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ settings: { theme: 'dark', iceServers: [{ url: 'turn:127.0.0.1:3478', username: 'u', credential: TURN_PASSWORD }] } }));
  const phone = startTestCore({ profileDir });
  try {
    const onDisk = readFileSync(settingsFile, 'utf8');
    assert.doesNotMatch(onDisk, new RegExp(TURN_PASSWORD), 'sealed on start');
    assert.equal(JSON.parse(onDisk).settings.theme, 'dark', 'the other settings stay');
    assert.deepEqual(phone.core.snapshot.settings.iceServers, [{ url: 'turn:127.0.0.1:3478', username: 'u', hasCredential: true }]);
    const servers = await phone.invoke<{ credential?: string }[]>('settings:ice-servers');
    assert.equal(servers.ok && servers.value[0]?.credential, TURN_PASSWORD);
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

test('the log folder: opened through main where the host can, its path shown where it cannot', async () => {
  const opened: string[] = [];
  const app = startTestCore({ logFolder: { path: '/profile/logs', open: async () => (opened.push('/profile/logs'), true) } });
  const browser = startTestCore({ logFolder: { path: '/browser-profile/logs' } });
  try {
    assert.deepEqual(app.core.snapshot.logFolder, { path: '/profile/logs', canOpen: true });
    assert.deepEqual(await app.invoke('app:open-log-folder'), { ok: true, value: null });
    assert.deepEqual(opened, ['/profile/logs']);

    assert.deepEqual(browser.core.snapshot.logFolder, { path: '/browser-profile/logs', canOpen: false });
    const refused = await browser.invoke('app:open-log-folder');
    assert.deepEqual(!refused.ok && [refused.error.code, refused.error.params], ['log-folder-unavailable', { path: '/browser-profile/logs' }]);
  } finally {
    await app.stop();
    await browser.stop();
  }
});
