/**
 * The logging port of the core. Whatever sits behind it (electron-log in
 * the app, stderr in tests), secrets are scrubbed here first.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

// Digest responses, passwords in URLs and HA1 hashes must never reach a log file.
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(response|nonce|cnonce)="[^"]*"/gi, '$1="…"'],
  [/(password|passwd|ha1)(["']?\s*[:=]\s*["']?)[^"',\s}]+/gi, '$1$2…'],
  [/(wss?:\/\/)[^/@\s]+@/gi, '$1…@'],
];

export function redact(message: string): string {
  return SECRET_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

export function createConsoleLogger(prefix: string, isQuiet = false): Logger {
  const write = (level: string, message: string) => {
    if (isQuiet && level === 'info') return;
    process.stderr.write(`${new Date().toISOString()} ${level} [${prefix}] ${redact(message)}\n`);
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
  };
}
