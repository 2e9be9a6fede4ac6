/**
 * Structural sharing for main's snapshots: every snapshot arrives as new
 * objects, so without it each one re-rendered everything that reads any part
 * of it (the account chips, the dial screen, the banners), even when only
 * the calls in it changed, as on every call-state report during call setup.
 */

/**
 * `next`, with each top-level field that equals `previous`'s (same JSON)
 * replaced by `previous`'s object, so selectors of unchanged parts see the
 * same reference and their components do not render again.
 */
export function keepUnchanged<T extends object>(previous: T | null, next: T): T {
  if (!previous) return next;
  const shared = { ...next } as unknown as Record<string, unknown>;
  const before = previous as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(next)) {
    const old = before[key];
    if (old !== value && typeof value === 'object' && value !== null && JSON.stringify(old) === JSON.stringify(value)) shared[key] = old;
  }
  return shared as T;
}
