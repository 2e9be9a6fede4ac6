/**
 * Finds the Electron executable that `electron .` would run, without ever
 * downloading it: the `electron` package's own entry (node_modules/electron/
 * index.js) starts a download when its binary is missing, so nothing here
 * requires it.
 *
 * Used by scripts/start.sh (desktop app or browser-mode fallback) and by
 * tests/electron (run or skip). As a command it prints the executable's path,
 * or nothing when there is none:
 *
 *   node --import tsx scripts/electron-binary.ts
 *
 * @remarks Same rules as node_modules/electron/index.js: when
 * `ELECTRON_OVERRIDE_DIST_PATH` is set only that folder counts; otherwise the
 * binary that the package's install step put in node_modules/electron/dist,
 * named by its path.txt.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NO_ELECTRON_HINT =
  'set ELECTRON_OVERRIDE_DIST_PATH to an Electron folder, or run "npx install-electron" where the internet is reachable';

export type ElectronBinary =
  | { readonly isFound: true; readonly executable: string }
  | { readonly isFound: false; readonly reason: string };

export interface ElectronBinaryLookup {
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  /** Folder of the `electron` npm package; `undefined` when it is not installed. */
  readonly electronPackageDir?: string | undefined;
}

/** The executable's path inside an Electron folder, as the electron package names it. */
export function executablePathInDist(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export function findElectronBinary(lookup: ElectronBinaryLookup = {}): ElectronBinary {
  const env = lookup.env ?? process.env;
  const platform = lookup.platform ?? process.platform;
  const packageDir = 'electronPackageDir' in lookup ? lookup.electronPackageDir : electronPackageDir();
  const recordedPath = packageDir === undefined ? undefined : readRecordedPath(packageDir);

  const overrideDir = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (overrideDir) {
    const executable = resolve(overrideDir, recordedPath ?? executablePathInDist(platform));
    return isExecutableFile(executable, platform)
      ? { isFound: true, executable }
      : { isFound: false, reason: `ELECTRON_OVERRIDE_DIST_PATH=${overrideDir} holds no Electron executable (looked for ${executable})` };
  }
  if (packageDir === undefined) {
    return { isFound: false, reason: `the electron npm package is not installed (npm install), then ${NO_ELECTRON_HINT}` };
  }
  if (recordedPath !== undefined) {
    const executable = join(packageDir, 'dist', recordedPath);
    if (isExecutableFile(executable, platform)) return { isFound: true, executable };
  }
  return { isFound: false, reason: `no Electron binary installed (${NO_ELECTRON_HINT})` };
}

function electronPackageDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** path.txt is written by the electron package's install step once the binary is extracted. */
function readRecordedPath(packageDir: string): string | undefined {
  try {
    return readFileSync(join(packageDir, 'path.txt'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const isCommand = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isCommand) {
  const binary = findElectronBinary();
  if (binary.isFound) console.log(binary.executable);
  else if (process.argv.includes('--why')) console.error(binary.reason);
}
