/**
 * What electron-builder really puts in app.asar with electron-builder.yml:
 * the built main, preload and renderer and package.json, whose `main` must
 * resolve inside the archive; no source maps, no node_modules (everything is
 * bundled by scripts/build.mjs); and the packed binary's fuses flipped as
 * electron-builder.yml asks. Packs the Linux `dir` target against a stand-in
 * Electron folder whose binary carries a fuse wire, so it needs neither
 * Electron nor the network.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const BUILT_ENTRIES = ['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];
const missingBuild = BUILT_ENTRIES.filter((entry) => !existsSync(join(ROOT, entry)));

// The fuse wire as Electron binaries carry it (@electron/fuses): a sentinel,
// the wire version (1), the number of fuses, then one byte per fuse, '0' off
// and '1' on, in the order of FuseV1Options.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_NAMES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
] as const;
/** Electron's own defaults: the unsafe ones on. */
const ELECTRON_DEFAULT_WIRE = '10110001';

/** The fuses of the binary at `path`, by name. */
function readFuses(path: string): Record<string, boolean> {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  assert.ok(at >= FUSE_SENTINEL.length, `${path} has no fuse wire`);
  const length = bytes[at + 1]!;
  const wire = bytes.toString('latin1', at + 2, at + 2 + length);
  return Object.fromEntries(FUSE_NAMES.map((name, index) => [name, wire[index] === '1']));
}

interface AsarEntry {
  files?: Record<string, AsarEntry>;
  size?: number;
  offset?: string;
}

/** Reads an asar archive's header (a pickled JSON directory tree) and its files. */
function openAsar(path: string): { paths: string[]; read(path: string): Buffer } {
  const bytes = readFileSync(path);
  const headerPickleSize = bytes.readUInt32LE(4);
  const jsonLength = bytes.readUInt32LE(12);
  const root = JSON.parse(bytes.toString('utf8', 16, 16 + jsonLength)) as AsarEntry;
  const dataStart = 8 + headerPickleSize;
  const files = new Map<string, AsarEntry>();
  const walk = (entry: AsarEntry, prefix: string) => {
    for (const [name, child] of Object.entries(entry.files ?? {})) {
      if (child.files) walk(child, `${prefix}${name}/`);
      else files.set(`${prefix}${name}`, child);
    }
  };
  walk(root, '');
  return {
    paths: [...files.keys()].sort(),
    read(filePath) {
      const entry = files.get(filePath);
      assert.ok(entry?.offset !== undefined && entry.size !== undefined, `${filePath} is not in the archive`);
      const start = dataStart + Number(entry.offset);
      return bytes.subarray(start, start + entry.size);
    },
  };
}

describe('packaged app (electron-builder --linux dir)', { skip: missingBuild.length > 0 ? `skipped: run "npm run build" first (missing ${missingBuild.join(', ')})` : false }, () => {
  let scratch: string;
  let archive: ReturnType<typeof openAsar>;
  let unpacked: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'softphone-pack-'));
    const fakeElectron = join(scratch, 'electron-dist');
    mkdirSync(fakeElectron);
    writeFileSync(join(fakeElectron, 'electron'), `#!/bin/sh\n${FUSE_SENTINEL}\x01\x08${ELECTRON_DEFAULT_WIRE}\n`, 'latin1');
    chmodSync(join(fakeElectron, 'electron'), 0o755);
    const output = join(scratch, 'release');
    await promisify(execFile)(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--config', 'electron-builder.yml',
        '--linux', 'dir',
        '--publish', 'never',
        `-c.electronDist=${fakeElectron}`,
        `-c.directories.output=${output}`,
        '-c.npmRebuild=false',
      ],
      { cwd: ROOT, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, maxBuffer: 16 * 1024 * 1024 },
    );
    unpacked = join(output, 'linux-unpacked');
    archive = openAsar(join(unpacked, 'resources', 'app.asar'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('contains the built main, preload, renderer and package.json', () => {
    for (const entry of [...BUILT_ENTRIES, 'package.json']) assert.ok(archive.paths.includes(entry), `app.asar lacks ${entry}`);
  });

  test('package.json main resolves inside the archive', () => {
    const packed = JSON.parse(archive.read('package.json').toString('utf8')) as { main: string };
    assert.ok(archive.paths.includes(packed.main), `main ${packed.main} is not in app.asar`);
  });

  test('holds no source maps and no node_modules', () => {
    assert.deepEqual(archive.paths.filter((path) => path.endsWith('.map')), []);
    assert.deepEqual(archive.paths.filter((path) => path.startsWith('node_modules/')), []);
  });

  test('the packed binary cannot run as Node, takes no NODE_OPTIONS or --inspect, and loads only its checked app.asar', () => {
    const binary = readdirSync(unpacked).map((name) => join(unpacked, name)).find((path) => statSync(path).isFile() && readFileSync(path).includes(FUSE_SENTINEL));
    assert.ok(binary, `no binary with a fuse wire in ${unpacked}: ${readdirSync(unpacked).join(', ')}`);
    const fuses = readFuses(binary);
    assert.deepEqual(
      {
        RunAsNode: fuses['RunAsNode'],
        EnableNodeOptionsEnvironmentVariable: fuses['EnableNodeOptionsEnvironmentVariable'],
        EnableNodeCliInspectArguments: fuses['EnableNodeCliInspectArguments'],
        EnableEmbeddedAsarIntegrityValidation: fuses['EnableEmbeddedAsarIntegrityValidation'],
        OnlyLoadAppFromAsar: fuses['OnlyLoadAppFromAsar'],
      },
      { RunAsNode: false, EnableNodeOptionsEnvironmentVariable: false, EnableNodeCliInspectArguments: false, EnableEmbeddedAsarIntegrityValidation: true, OnlyLoadAppFromAsar: true },
    );
    // The page is a file:// URL: its module scripts need the file protocol's privileges.
    assert.equal(fuses['GrantFileProtocolExtraPrivileges'], true);
  });
});
