/**
 * The storage port of the core: a JSON document on disk with get/set, which
 * electron-store provides in the app and its base library `conf` provides
 * under plain Node (same file format, same atomic writes).
 */
import { renameSync } from 'node:fs';
import Conf from 'conf';

export interface DataFile {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly path: string;
}

export interface DataFileFactory {
  /** Opens (creating if needed) the named document; throws if its JSON does not parse. */
  open(name: string): DataFile;
  /** Where the named document lives, even when it cannot be opened. */
  pathOf(name: string): string;
}

/** The factory for plain Node: `conf` files in `directory`. */
export function confDataFiles(directory: string): DataFileFactory {
  return {
    open: (name) => new Conf<Record<string, unknown>>({ cwd: directory, configName: name, configFileMode: 0o600 }),
    pathOf: (name) => `${directory}/${name}.json`,
  };
}

export interface OpenedDataFile {
  readonly file: DataFile;
  /** Set when the previous file was unreadable and was moved aside to this path. */
  readonly backupPath?: string;
}

/**
 * Opens a document; one that fails to parse is moved aside (never silently
 * replaced) and a fresh one is started, so the user can be told and nothing
 * is lost.
 */
export function openDataFile(factory: DataFileFactory, name: string, now = Date.now()): OpenedDataFile {
  try {
    return { file: cached(factory.open(name)) };
  } catch {
    const original = factory.pathOf(name);
    const backupPath = original.replace(/\.json$/, `.unreadable-${now}.json`);
    renameSync(original, backupPath);
    return { file: cached(factory.open(name)), backupPath };
  }
}

/**
 * Reads each key from disk once and writes through. conf re-reads and
 * re-parses the whole file on every get, and snapshots are built on every
 * call-state change; main is the only writer, so the memory copy is exact.
 */
function cached(file: DataFile): DataFile {
  const values = new Map<string, unknown>();
  return {
    path: file.path,
    get: (key) => {
      if (!values.has(key)) values.set(key, structuredClone(file.get(key)));
      return structuredClone(values.get(key));
    },
    set: (key, value) => {
      file.set(key, value);
      values.set(key, structuredClone(value));
    },
  };
}
