/** What the core asks of the OS: start at login, link handling, and links arriving. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { autostartFile, setLinuxAutostart } from '../../../main/core/linux-autostart';
import { startTestCore } from '../../support/core-fixture';

test('start at login stays off until the user chooses it, even once an account exists', async () => {
  const applied: boolean[] = [];
  const phone = startTestCore({ setStartAtLogin: (isEnabled) => applied.push(isEnabled) });
  try {
    assert.deepEqual(applied, [false]);
    await phone.addAccount({ sipAddress: 'alice@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    assert.deepEqual(applied, [false], 'adding an account does not turn it on');
    assert.equal(phone.core.snapshot.settings.startAtLogin, undefined, 'not chosen yet: the UI offers it');
    await phone.invoke('settings:update', { startAtLogin: true });
    assert.deepEqual(applied, [false, true]);
    await phone.invoke('settings:update', { startAtLogin: false });
    assert.deepEqual(applied, [false, true, false]);
    assert.equal(phone.core.snapshot.settings.startAtLogin, false);
  } finally {
    await phone.stop();
  }
});

test('settings requests with unknown keys are refused', async () => {
  const phone = startTestCore();
  try {
    const result = await phone.invoke('settings:update', { startAtLogin: true, runCommand: 'x' });
    assert.equal(result.ok, false);
  } finally {
    await phone.stop();
  }
});

test('on Linux an XDG autostart entry starts the app hidden', () => {
  const configHome = mkdtempSync(join(tmpdir(), 'xdg-'));
  try {
    const entry = { name: 'Softphone', exec: ['/opt/Soft Phone/softphone', '--hidden'], configHome };
    setLinuxAutostart(entry, true);
    const text = readFileSync(autostartFile(entry), 'utf8');
    assert.match(text, /^\[Desktop Entry\]/);
    assert.match(text, /^Exec="\/opt\/Soft Phone\/softphone" --hidden$/m);
    setLinuxAutostart(entry, false);
    assert.equal(existsSync(autostartFile(entry)), false);
  } finally {
    rmSync(configHome, { recursive: true, force: true });
  }
});

test('link handling is registered by default and follows the setting', async () => {
  const applied: boolean[] = [];
  const phone = startTestCore({ setLinkHandling: (isEnabled) => applied.push(isEnabled) });
  try {
    assert.deepEqual(applied, [true]);
    await phone.invoke('settings:update', { handleLinks: false });
    assert.deepEqual(applied, [true, false]);
  } finally {
    await phone.stop();
  }
});

test('a dial link waits in the snapshot for the window, and a bad one becomes a notice', async () => {
  const phone = startTestCore();
  try {
    phone.core.requestDial('tel:+1 (201) 555-0123');
    assert.equal(phone.windowRequests, 1, 'the window is brought up');
    const pending = phone.core.snapshot.pendingDial;
    assert.equal(pending?.target, '+12015550123');
    await phone.invoke('dial:consume', { id: pending!.id });
    assert.equal(phone.core.snapshot.pendingDial, undefined);

    phone.core.requestDial('tel:call-me');
    assert.equal(phone.core.snapshot.pendingDial, undefined, 'nothing to dial');
    assert.match(phone.core.snapshot.notices.at(-1)?.message ?? '', /tel:call-me/);
  } finally {
    await phone.stop();
  }
});
