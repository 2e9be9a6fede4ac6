/**
 * Expected failures cross process boundaries as data, never as exceptions:
 * a thrown error loses everything but its message when it crosses IPC.
 */
export interface AppError {
  /** Stable machine-readable code; the UI maps it to words. */
  readonly code: string;
  /** English detail for logs and for codes the UI has no words for. */
  readonly message: string;
  /** Values the UI's words need besides the quoted one in `message` (see renderer/ui/error-words.ts). */
  readonly params?: Readonly<Record<string, string | number>>;
}

/** The outcome of an action that returns nothing. */
export type ActionResult = { readonly ok: true } | { readonly ok: false; readonly error: AppError };

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string, params?: AppError['params']): Result<T> {
  return { ok: false, error: params ? { code, message, params } : { code, message } };
}

/** The text of anything thrown (an Error's message, or the value itself), for logs and details. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
