/**
 * The app's storage adapter (electron-store in the user data folder) under
 * the stand-in `electron`: the files it writes are the ones openDataFile
 * checks, so the profile rules hold in the app as under Node: an unusable
 * file is kept aside or left untouched, never replaced.
 */
import '../../support/electron-stand-in/register';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { openDataFile, type DataFileFactory } from '../../../main/core/data-file';

const SHAPE = z.object({ accounts: z.array(z.unknown()).optional() }).passthrough();
let userData: string;
let electronDataFiles: DataFileFactory;

before(async () => {
  // Imported only now: the stand-in's resolve hook applies to imports after it is registered.
  const { app } = await import('electron');
  ({ electronDataFiles } = await import('../../../main/electron/electron-storage'));
  userData = mkdtempSync(join(tmpdir(), 'softphone-user-data-'));
  app.setPath('userData', userData);
});
after(() => rmSync(userData, { recursive: true, force: true }));

test('electron-store writes the file openDataFile reads, in the user data folder', () => {
  const { file, problem } = openDataFile(electronDataFiles, 'fresh', SHAPE);
  assert.equal(problem, undefined);
  file.set('accounts', [{ id: 'a1' }]);
  assert.equal(electronDataFiles.pathOf('fresh'), join(userData, 'fresh.json'));
  assert.deepEqual(JSON.parse(readFileSync(join(userData, 'fresh.json'), 'utf8')), { accounts: [{ id: 'a1' }] });
});

test('a wrong-shaped file is kept aside byte for byte, and electron-store starts a new one', () => {
  const wrong = '{"accounts": {"id": "a1"}}';
  writeFileSync(join(userData, 'wrong.json'), wrong);
  const { file, problem } = openDataFile(electronDataFiles, 'wrong', SHAPE);
  assert.equal(problem?.kind, 'kept-aside');
  file.set('accounts', []);
  const [backup] = readdirSync(userData).filter((name) => name.startsWith('wrong.unreadable-'));
  assert.equal(readFileSync(join(userData, backup!), 'utf8'), wrong);
});

test('a file that cannot be read (a directory in its place) is left alone; changes stay in memory', () => {
  mkdirSync(join(userData, 'blocked.json'));
  const { file, problem } = openDataFile(electronDataFiles, 'blocked', SHAPE);
  assert.deepEqual(problem, { kind: 'not-saved', reason: 'EISDIR' });
  file.set('accounts', [{ id: 'a2' }]);
  assert.deepEqual(file.get('accounts'), [{ id: 'a2' }]);
  assert.deepEqual(readdirSync(join(userData, 'blocked.json')), []);
});
