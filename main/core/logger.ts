/**
 * The logging port of the core. Whatever sits behind it (electron-log in
 * the app, {@link createProfileLogger} under Node), secrets are scrubbed
 * first by {@link redact}.
 */
import { join } from 'node:path';
import { RotatingLogFile } from './rotating-log-file';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The log folder inside a profile, and the file in it (the names electron-log uses, so both hosts leave the same files). */
export const LOG_FOLDER_NAME = 'logs';
export const LOG_FILE_NAME = 'main.log';
/** Past this size the file is moved to `main.old.log` (replacing the older one) and a new one starts. */
export const LOG_FILE_MAX_BYTES = 1024 * 1024;

/** Where a profile keeps its log files. */
export function logFolderOf(profileDir: string): string {
  return join(profileDir, LOG_FOLDER_NAME);
}

// Passwords, HA1 hashes, digest responses, whole Authorization headers,
// TURN credentials and sealed secrets must never reach a log file. A header
// value ends at the line end, or at an escaped `\r` / `\n` when the message
// was logged JSON-escaped (where a header name may follow a letter: `\nAuthorization`).
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/((?:proxy-)?authorization\s*:\s*)(?:(?!\\[rn])[^\r\n])*/gi, '$1…'],
  [/(response|nonce|cnonce)="[^"]*"/gi, '$1="…"'],
  [/(password|passwd|ha1|credential|secret)(["']?\s*[:=]\s*["']?)[^"',\s}]+/gi, '$1$2…'],
  [/\b(plain|safe):[A-Za-z0-9+/]{4,}={0,2}/g, '$1:…'],
  [/(wss?:\/\/|turns?:|stuns?:)[^/@\s]+@/gi, '$1…@'],
];

/** The message with every secret it may hold replaced by "…". */
export function redact(message: string): string {
  return SECRET_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

type Write = (level: 'info' | 'warn' | 'error', line: string) => void;

function loggerOver(prefix: string, write: Write): Logger {
  const line = (level: 'info' | 'warn' | 'error', message: string) => write(level, `${new Date().toISOString()} ${level} [${prefix}] ${redact(message)}\n`);
  return {
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message) => line('error', message),
  };
}

/**
 * Lines in the profile's rotating log file (`<profile>/logs/main.log`) and
 * on stderr (`isQuiet`: warnings and errors only): the logger of the core
 * where Electron (and electron-log) is not there, such as the browser host
 * and the tests.
 */
export function createProfileLogger(prefix: string, profileDir: string, isQuiet = false): Logger {
  const file = new RotatingLogFile(join(logFolderOf(profileDir), LOG_FILE_NAME), LOG_FILE_MAX_BYTES);
  return loggerOver(prefix, (level, line) => {
    if (!(isQuiet && level === 'info')) process.stderr.write(line);
    file.append(line);
  });
}
