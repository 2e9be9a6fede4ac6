/**
 * The Electron binary lookup that decides between the desktop app and the
 * browser mode (scripts/start.sh) and between running and skipping the
 * Electron tests: it finds what `electron .` would run and never downloads.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { executablePathInDist, findElectronBinary } from '../../../scripts/electron-binary';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'electron-binary-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function makeFile(path: string, mode: number): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

/** A folder laid out like node_modules/electron after (or before) its install step. */
function electronPackage(options: { recordedPath?: string; binary?: 'executable' | 'not-executable' }): string {
  const dir = join(scratch, 'node_modules', 'electron');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"electron","version":"45.4.1"}');
  if (options.recordedPath !== undefined) {
    writeFileSync(join(dir, 'path.txt'), options.recordedPath);
    if (options.binary) makeFile(join(dir, 'dist', options.recordedPath), options.binary === 'executable' ? 0o755 : 0o644);
  }
  return dir;
}

describe('findElectronBinary', () => {
  test('finds the binary that the electron package installed', () => {
    const dir = electronPackage({ recordedPath: 'electron', binary: 'executable' });
    assert.deepEqual(findElectronBinary({ env: {}, platform: 'linux', electronPackageDir: dir }), {
      isFound: true,
      executable: join(dir, 'dist', 'electron'),
    });
  });

  test('reports none when the download was skipped (no path.txt), with how to get one', () => {
    const dir = electronPackage({});
    const binary = findElectronBinary({ env: {}, platform: 'linux', electronPackageDir: dir });
    assert.equal(binary.isFound, false);
    assert.match(binary.isFound ? '' : binary.reason, /no Electron binary installed.*ELECTRON_OVERRIDE_DIST_PATH/);
  });

  test('reports none when path.txt names a file that is missing or not executable', () => {
    const missing = electronPackage({ recordedPath: 'electron' });
    assert.equal(findElectronBinary({ env: {}, platform: 'linux', electronPackageDir: missing }).isFound, false);
    rmSync(join(scratch, 'node_modules'), { recursive: true });
    const notExecutable = electronPackage({ recordedPath: 'electron', binary: 'not-executable' });
    assert.equal(findElectronBinary({ env: {}, platform: 'linux', electronPackageDir: notExecutable }).isFound, false);
  });

  test('ELECTRON_OVERRIDE_DIST_PATH: the folder given wins, and only it counts', () => {
    const dir = electronPackage({ recordedPath: 'electron', binary: 'executable' });
    const override = join(scratch, 'electron-v45-linux-x64');
    const env = { ELECTRON_OVERRIDE_DIST_PATH: override };
    const empty = findElectronBinary({ env, platform: 'linux', electronPackageDir: dir });
    assert.equal(empty.isFound, false);
    assert.match(empty.isFound ? '' : empty.reason, /ELECTRON_OVERRIDE_DIST_PATH=.*holds no Electron executable/);

    const executable = makeFile(join(override, 'electron'), 0o755);
    assert.deepEqual(findElectronBinary({ env, platform: 'linux', electronPackageDir: dir }), { isFound: true, executable });
  });

  test('ELECTRON_OVERRIDE_DIST_PATH works without the electron package too, with the platform’s executable name', () => {
    const override = join(scratch, 'Electron-mac');
    const executable = makeFile(join(override, executablePathInDist('darwin')), 0o755);
    const binary = findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: override }, platform: 'darwin', electronPackageDir: undefined });
    assert.deepEqual(binary, { isFound: true, executable });
  });

  test('without the electron package and no override, says to install it', () => {
    const binary = findElectronBinary({ env: {}, platform: 'linux', electronPackageDir: undefined });
    assert.equal(binary.isFound, false);
    assert.match(binary.isFound ? '' : binary.reason, /electron npm package is not installed/);
  });
});
