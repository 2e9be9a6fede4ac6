/**
 * The core's logger in the app: electron-log writing `<profile>/logs/main.log`
 * (rotated at {@link LOG_FILE_MAX_BYTES} into `main.old.log`, as the core's own
 * file logger does under Node) and the console, every line scrubbed by
 * {@link redact} first, uncaught errors and rejections included.
 *
 * @remarks electron-log's Node flavour, not `electron-log/main`: the main
 * flavour also takes log lines from any renderer over IPC, a door our
 * locked-down window does not need and a page should not have.
 */
import electronLog from 'electron-log/node';
import { join } from 'node:path';
import { LOG_FILE_MAX_BYTES, LOG_FILE_NAME, redact, type Logger } from '../core/logger';

/** Starts logging into `folder`; call once, before anything logs. */
export function createElectronLogger(folder: string, scope: string): Logger {
  electronLog.transports.file.resolvePathFn = () => join(folder, LOG_FILE_NAME);
  electronLog.transports.file.maxSize = LOG_FILE_MAX_BYTES;
  electronLog.hooks.push((message) => ({ ...message, data: message.data.map(redactItem) }));
  electronLog.errorHandler.startCatching({ showDialog: false });
  const scoped = electronLog.scope(scope);
  return {
    info: (message) => scoped.info(message),
    warn: (message) => scoped.warn(message),
    error: (message) => scoped.error(message),
  };
}

/** Strings and errors as redacted text; anything else as its redacted JSON. */
function redactItem(item: unknown): string {
  if (typeof item === 'string') return redact(item);
  if (item instanceof Error) return redact(item.stack ?? item.message);
  try {
    return redact(JSON.stringify(item) ?? String(item));
  } catch {
    return redact(String(item));
  }
}
