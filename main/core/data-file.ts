/**
 * The storage port of the core: a JSON document on disk with get/set, written
 * through electron-store in the app and its base library `conf` under plain
 * Node (same file format, same atomic writes).
 *
 * @remarks
 * Nothing the user saved is ever replaced because it could not be used:
 * - a file that does not parse, or whose content does not match its
 *   document's shape (an array, `null`, a list that is not a list …), is
 *   moved aside and a fresh one is started;
 * - a file that cannot be read, moved aside or written (EACCES, a read-only
 *   folder, a directory where the file should be) is left as it is: the
 *   document lives in memory from what could be read, and changes are not
 *   saved.
 * Either way the opener learns what happened, so the user can be told.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Conf from 'conf';
import type { z } from 'zod';

export interface DataFile {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly path: string;
}

/** What writes a document to its file: conf and electron-store instances are both. */
export interface DocumentWriter {
  set(key: string, value: unknown): void;
}

export interface DataFileFactory {
  /** The writer of the named document; throws when it cannot be opened (unreadable file, folder that cannot be made). */
  open(name: string): DocumentWriter;
  /** Where the named document lives, even when it cannot be opened. */
  pathOf(name: string): string;
}

/** Where a store keeps the document `name`: `<cwd>/<name>.json`, as conf and electron-store both do. */
export interface StoreLocation {
  readonly cwd: string;
  readonly name: string;
}

/**
 * A factory over conf-like stores in `directory()` (read when a file is
 * opened: Electron's user data folder is known only once the app runs).
 * `pathOf` names the file the store writes, so what openDataFile checks is
 * what gets written.
 */
export function storeDataFiles(createStore: (location: StoreLocation) => DocumentWriter, directory: () => string): DataFileFactory {
  return {
    open: (name) => createStore({ cwd: directory(), name }),
    pathOf: (name) => join(directory(), `${name}.json`),
  };
}

/** Owner-only files that are never silently cleared when they do not parse (openDataFile decides what happens). */
export const STORE_FILE_OPTIONS = { configFileMode: 0o600, clearInvalidConfig: false } as const;

/** The factory for plain Node: `conf` files in `directory`. */
export function confDataFiles(directory: string): DataFileFactory {
  return storeDataFiles(({ cwd, name }) => new Conf<Record<string, unknown>>({ cwd, configName: name, ...STORE_FILE_OPTIONS }), () => directory);
}

/** Why a document is not read from, or not written to, its file as usual. */
export type DataFileProblem =
  /** The content could not be used; the file was moved to `backupPath` and a new one started. */
  | { readonly kind: 'kept-aside'; readonly backupPath: string }
  /** The file cannot be read, moved aside or written (`reason`: the OS error code); it is left untouched and changes stay in memory. */
  | { readonly kind: 'not-saved'; readonly reason: string };

export interface OpenedDataFile {
  readonly file: DataFile;
  /** Set when the file could not be opened as usual. */
  readonly problem?: DataFileProblem;
}

export interface OpenDataFileOptions {
  readonly now?: number;
  /** A write failed after the file was opened (the folder became read-only, the disk is full); called once per file. */
  readonly onLaterProblem?: (problem: DataFileProblem) => void;
}

/** The top level of every document: a JSON object whose keys the store's shape checks. */
export type DocumentShape = z.ZodType<Record<string, unknown>>;

type Found =
  | { readonly kind: 'document'; readonly document: Record<string, unknown> }
  | { readonly kind: 'unusable' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Opens the named document, checked against `shape`, following the rules above. */
export function openDataFile(factory: DataFileFactory, name: string, shape: DocumentShape, options: OpenDataFileOptions = {}): OpenedDataFile {
  const path = factory.pathOf(name);
  const found = readDocument(path, shape);
  if (found.kind === 'unreadable') return { file: new DocumentFile(path, {}, undefined), problem: { kind: 'not-saved', reason: found.reason } };
  let problem: DataFileProblem | undefined;
  let document: Record<string, unknown> = {};
  if (found.kind === 'unusable') {
    const backupPath = freeBackupPath(path, options.now ?? Date.now());
    try {
      renameSync(path, backupPath);
    } catch (error) {
      return { file: new DocumentFile(path, {}, undefined), problem: { kind: 'not-saved', reason: errorCode(error) } };
    }
    problem = { kind: 'kept-aside', backupPath };
  } else {
    document = found.document;
  }
  let writer: DocumentWriter;
  try {
    writer = factory.open(name);
  } catch (error) {
    const notSaved: DataFileProblem = { kind: 'not-saved', reason: errorCode(error) };
    // Kept aside and then not writable either: both are worth telling.
    if (problem) options.onLaterProblem?.(notSaved);
    return { file: new DocumentFile(path, document, undefined), problem: problem ?? notSaved };
  }
  return { file: new DocumentFile(path, document, writer, options.onLaterProblem), ...(problem ? { problem } : {}) };
}

function readDocument(path: string, shape: DocumentShape): Found {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? { kind: 'document', document: {} } : { kind: 'unreadable', reason: errorCode(error) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'unusable' };
  }
  const checked = shape.safeParse(parsed);
  return checked.success ? { kind: 'document', document: parsed as Record<string, unknown> } : { kind: 'unusable' };
}

/** `accounts.unreadable-<time>.json`, never the name of an earlier backup (a rename would replace it). */
function freeBackupPath(path: string, now: number): string {
  const stem = join(dirname(path), basename(path, '.json'));
  for (let attempt = 0; ; attempt += 1) {
    const candidate = `${stem}.unreadable-${now}${attempt === 0 ? '' : `-${attempt}`}.json`;
    if (!existsSync(candidate)) return candidate;
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

/**
 * The document in memory, written through to its file while that works.
 * Main is the only writer, so the memory copy is exact; it also spares
 * re-reading and re-parsing the file on every get (snapshots are built on
 * every call-state change).
 */
class DocumentFile implements DataFile {
  private readonly values: Map<string, unknown>;

  constructor(
    readonly path: string,
    document: Record<string, unknown>,
    /** Undefined: changes stay in memory (the file is left as it is). */
    private writer: DocumentWriter | undefined,
    private readonly onLaterProblem?: (problem: DataFileProblem) => void,
  ) {
    this.values = new Map(Object.entries(document));
  }

  get(key: string): unknown {
    return structuredClone(this.values.get(key));
  }

  set(key: string, value: unknown): void {
    const copy = structuredClone(value);
    if (this.writer) {
      try {
        this.writer.set(key, copy);
      } catch (error) {
        this.writer = undefined;
        this.onLaterProblem?.({ kind: 'not-saved', reason: errorCode(error) });
      }
    }
    this.values.set(key, copy);
  }
}
