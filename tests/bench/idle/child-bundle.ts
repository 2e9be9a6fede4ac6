/**
 * Bundles idle/idle-child.ts with esbuild into a temporary directory, the way
 * scripts/build.mjs bundles the app's main process (platform node, every
 * dependency inlined), so the child runs as plain `node` like main does.
 * Under `node --import tsx` the TypeScript loader's own thread (a second V8
 * heap) doubled the child's RSS, to ~120 MB with no account, and made it
 * vary by tens of MB from one run to the next.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface ChildBundle {
  /** The bundled script, for `node <script>`. */
  readonly script: string;
  remove(): void;
}

const ENTRY = fileURLToPath(new URL('./idle-child.ts', import.meta.url));

export async function bundleIdleChild(): Promise<ChildBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'softphone-bench-idle-'));
  const script = join(dir, 'idle-child.mjs');
  try {
    await build({
      entryPoints: [ENTRY],
      outfile: script,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
      // As in scripts/build.mjs: bundled CommonJS dependencies (ws) still call require() for Node built-ins.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { script, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
