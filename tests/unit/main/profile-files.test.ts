/**
 * The profile folder's files against what a disk, a crash or a hand edit
 * leaves behind, on real files: a file that cannot be used is kept aside
 * (never replaced) or left untouched, the user is told, start goes on with
 * what could be read, and nothing is lost.
 *
 * Runs as root here, where chmod stops nothing: files and folders are made
 * unusable by `chattr +i` (immutable: root cannot write, rename or create in
 * it; skipped where the file system has no such attribute), a directory
 * where a file should be (EISDIR), a symlink to itself (ELOOP), and a
 * profile folder under a regular file (ENOTDIR).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestCore, type TestCore } from '../../support/core-fixture';

const FILES = ['accounts', 'settings', 'history', 'contacts', 'reachability', 'messages'] as const;
type FileName = (typeof FILES)[number];

const BROKEN_CONTENTS: Record<string, string | Buffer> = {
  truncated: '{"accounts": [{"id": "a1", "displayName": "Al',
  binary: Buffer.from([0x00, 0xff, 0x13, 0x37, 0xc3, 0x28, 0x00, 0x9f]),
  empty: '',
  array: '[{"id": "a1"}]',
  null: 'null',
  string: '"accounts"',
  number: '42',
};

/** Valid JSON whose named key is not what its store keeps there. */
const WRONG_KEY_SHAPES: Record<FileName, string> = {
  accounts: '{"accounts": {"id": "a1", "user": "alice"}}',
  settings: '{"settings": ["doNotDisturb"]}',
  history: '{"calls": "none", "missedSeenUntil": 5}',
  contacts: '{"contacts": {"0": {"name": "Bob"}}}',
  reachability: '{"reachability": {"periods": "none"}}',
  messages: '{"messages": {"0": {"body": "hi"}}}',
};

const codes = (phone: TestCore) => phone.core.snapshot.notices.map((notice) => notice.code);
const backupsOf = (directory: string, name: string) => readdirSync(directory).filter((file) => file.startsWith(`${name}.unreadable-`));

/** A profile with one saved (disabled) account. */
async function savedProfile(): Promise<string> {
  const phone = startTestCore();
  await phone.addAccount({ sipAddress: 'alice@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
  await phone.stop({ removeProfile: false });
  return phone.profileDir;
}

/** Makes something the test made immutable writable again, so it can be removed. */
function chattr(flag: '+i' | '-i', path: string): boolean {
  try {
    execFileSync('chattr', [flag, path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canMakeImmutable = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'softphone-chattr-'));
  const isAvailable = chattr('+i', probe);
  chattr('-i', probe);
  rmSync(probe, { recursive: true, force: true });
  return isAvailable;
})();
const needsChattr = canMakeImmutable ? {} : { skip: 'chattr +i is not available on this file system' };

for (const name of FILES) {
  const contents: Record<string, string | Buffer> = { ...BROKEN_CONTENTS, [`wrong shape of "${name}"`]: WRONG_KEY_SHAPES[name] };
  for (const [kind, content] of Object.entries(contents)) {
    test(`${name}.json ${kind}: kept aside byte for byte, the user told, the other files still read`, async () => {
      const profileDir = await savedProfile();
      writeFileSync(join(profileDir, `${name}.json`), content);
      const phone = startTestCore({ profileDir });
      try {
        const backups = backupsOf(profileDir, name);
        assert.equal(backups.length, 1, 'the file was moved aside');
        assert.deepEqual(readFileSync(join(profileDir, backups[0]!)), Buffer.from(content), 'kept byte for byte');
        assert.deepEqual(codes(phone), [`${name}-file-unreadable`]);
        if (name !== 'accounts') assert.equal(phone.core.snapshot.accounts.length, 1, 'the good accounts file was read');
        // Writing after start goes to a new file, never over the kept one.
        await phone.addAccount({ sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
        assert.equal((await phone.invoke('settings:update', { doNotDisturb: true })).ok, true);
        assert.deepEqual(readFileSync(join(profileDir, backups[0]!)), Buffer.from(content));
      } finally {
        await phone.stop();
      }
    });
  }
}

test('a wrong-shaped accounts list next to a good one is never overwritten: both accounts survive', async () => {
  const profileDir = await savedProfile();
  const file = join(profileDir, 'accounts.json');
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { accounts: unknown[] };
  const wrong = JSON.stringify({ accounts: { first: saved.accounts[0] } });
  writeFileSync(file, wrong);
  const phone = startTestCore({ profileDir });
  try {
    await phone.addAccount({ sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    const [backup] = backupsOf(profileDir, 'accounts');
    assert.equal(readFileSync(join(profileDir, backup!), 'utf8'), wrong, 'the account in the odd file is still on disk');
    assert.match(readFileSync(file, 'utf8'), /bob/);
  } finally {
    await phone.stop();
  }
});

for (const [kind, makeUnreadable, reason] of [
  ['a directory', (path: string) => mkdirSync(path), 'EISDIR'],
  ['a symlink to itself', (path: string) => symlinkSync(path, path), 'ELOOP'],
] as const) {
  test(`accounts.json that cannot be read (${kind}): start goes on, the user is told, nothing is written over it`, async () => {
    const profileDir = await savedProfile();
    const file = join(profileDir, 'accounts.json');
    rmSync(file);
    makeUnreadable(file);
    const phone = startTestCore({ profileDir });
    try {
      assert.deepEqual(codes(phone), ['accounts-file-unsaved']);
      assert.equal(phone.core.snapshot.notices[0]?.params?.reason, reason);
      const id = await phone.addAccount({ sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
      assert.ok(phone.account(id) ?? phone.core.snapshot.accounts.find((account) => account.id === id), 'the account works for this run');
      assert.deepEqual(backupsOf(profileDir, 'accounts'), []);
      assert.equal(phone.core.snapshot.settings.doNotDisturb, false, 'the other files were read');
    } finally {
      await phone.stop();
    }
  });
}

test('a profile folder under a regular file (ENOTDIR everywhere): start goes on and says so for every file', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'softphone-notdir-'));
  writeFileSync(join(parent, 'not-a-folder'), 'x');
  const phone = startTestCore({ profileDir: join(parent, 'not-a-folder', 'profile') });
  try {
    assert.deepEqual(codes(phone).sort(), FILES.map((name) => `${name}-file-unsaved`).sort());
    await phone.addAccount({ sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    assert.equal(phone.core.snapshot.accounts.length, 1);
  } finally {
    await phone.stop({ removeProfile: false });
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a read-only accounts file (immutable): its accounts are used, the user is told when a change cannot be saved, the file is unchanged', needsChattr, async () => {
  const profileDir = await savedProfile();
  const file = join(profileDir, 'accounts.json');
  const before = readFileSync(file);
  chattr('+i', file);
  const phone = startTestCore({ profileDir });
  try {
    assert.equal(phone.core.snapshot.accounts.length, 1, 'the saved account is read');
    await phone.addAccount({ sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    assert.equal(phone.core.snapshot.accounts.length, 2, 'the new account works for this run');
    assert.ok(codes(phone).includes('accounts-file-unsaved'));
    assert.deepEqual(readFileSync(file), before);
  } finally {
    await phone.stop({ removeProfile: false });
    chattr('-i', file);
    rmSync(profileDir, { recursive: true, force: true });
  }
});

test('a read-only profile folder (immutable) with one unusable file: start goes on, that file is left untouched, the user is told', needsChattr, async () => {
  const profileDir = await savedProfile();
  const accountsBefore = readFileSync(join(profileDir, 'accounts.json'));
  writeFileSync(join(profileDir, 'contacts.json'), '[1, 2, 3]');
  chattr('+i', profileDir);
  const phone = startTestCore({ profileDir });
  try {
    assert.equal(phone.core.snapshot.accounts.length, 1, 'the readable accounts are used');
    const noticed = codes(phone);
    assert.ok(noticed.includes('contacts-file-unsaved'), `contacts could not be kept aside: ${noticed}`);
    assert.ok(noticed.includes('reachability-file-unsaved'), 'the reachability log could not be written at start');
    await phone.addAccount({ sipAddress: 'bob@example.com', password: 'p', serverUrl: 'ws://127.0.0.1:9', enabled: false });
    assert.ok(codes(phone).includes('accounts-file-unsaved'));
    assert.equal(readFileSync(join(profileDir, 'contacts.json'), 'utf8'), '[1, 2, 3]');
    assert.deepEqual(readFileSync(join(profileDir, 'accounts.json')), accountsBefore);
    assert.deepEqual(backupsOf(profileDir, 'contacts'), []);
  } finally {
    await phone.stop({ removeProfile: false });
    chattr('-i', profileDir);
    rmSync(profileDir, { recursive: true, force: true });
  }
});
