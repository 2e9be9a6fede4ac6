/**
 * An append-only log file that never grows past a size: when a line would
 * take it over `maxBytes`, it becomes `<name>.old.log` (replacing the older
 * one) and a new file starts. electron-log rotates the same way, so the
 * folder looks alike under Electron and under Node.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export class RotatingLogFile {
  private size: number | undefined;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
  ) {}

  /** Where the previous file goes when this one is full. */
  get oldPath(): string {
    return this.path.replace(/(\.log)?$/, '.old.log');
  }

  /**
   * Appends synchronously: the last lines before a crash are the ones that
   * matter. A line that cannot be written (disk full, folder removed) is
   * dropped; logging must never take the softphone down.
   */
  append(line: string): void {
    try {
      this.size ??= this.currentSize();
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.maxBytes) {
        renameSync(this.path, this.oldPath);
        this.size = 0;
      }
      appendFileSync(this.path, line, { mode: 0o600 });
      this.size += bytes;
    } catch {
      this.size = undefined;
    }
  }

  private currentSize(): number {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }
}
