/**
 * When an end-to-end test fails, a screenshot of every softphone window open
 * at that moment, in test-results/screenshots/failed/, so a failure in CI
 * shows what the user would have seen (a missing button, an error, a dialog
 * in the way) and not only which locator timed out.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach } from 'node:test';
import type { Page } from 'playwright-core';

const FAILED_DIR = resolve('test-results/screenshots/failed');
const open = new Set<{ readonly name: string; readonly page: () => Page }>();

/** Watches a softphone window until the returned function is called. */
export function watchForFailures(name: string, page: () => Page): () => void {
  const watched = { name, page };
  open.add(watched);
  return () => open.delete(watched);
}

// Only inside the test runner's file processes: the bench imports the same
// support modules, and a hook there would start a test run of its own.
if (process.env.NODE_TEST_CONTEXT) {
  afterEach(async (context) => {
    // `passed` is on TestContext since Node 20.12 (its types lag behind).
    if ((context as { passed?: boolean }).passed !== false || open.size === 0) return;
    mkdirSync(FAILED_DIR, { recursive: true });
    const test = context.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
    for (const { name, page } of open) {
      const path = join(FAILED_DIR, `${test}-${name}.png`);
      await page()
        .screenshot({ path, timeout: 5_000 })
        .then(() => process.stderr.write(`failure screenshot: ${path}\n`))
        .catch(() => undefined);
    }
  });
}
