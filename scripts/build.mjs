// Builds the parts: the renderer (Vite), the Electron main process, the media
// gateway process and the preload (esbuild). `electron` stays external; everything else is bundled.
import { build as buildRenderer } from 'vite';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { GRAMMAR_LEFT_AS_IS, keepBytecodeTable, SIP_GRAMMAR_MODULE } from './sip-grammar-tables.mjs';

await buildRenderer({ configFile: 'vite.config.ts', logLevel: 'warn' });

/** main's registration agent parses with sip.js too: the same grammar change as the renderer's (vite.config.ts). */
const sipGrammarTables = {
  name: 'sip-grammar-tables',
  setup(builder) {
    builder.onLoad({ filter: SIP_GRAMMAR_MODULE }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const kept = keepBytecodeTable(source);
      if (kept === undefined) return { contents: source, loader: 'js', warnings: [{ text: GRAMMAR_LEFT_AS_IS }] };
      return { contents: kept, loader: 'js' };
    });
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', external: ['electron'], sourcemap: true, logLevel: 'warning', plugins: [sipGrammarTables] };
await build({
  ...common,
  entryPoints: ['main/electron/main.ts'],
  outfile: 'dist/main/main.js',
  format: 'esm',
  // Bundled CommonJS dependencies (ws) still call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
// The media gateway runs in its own utility process (main/electron/media-gateway-utility.ts).
await build({
  ...common,
  entryPoints: ['main/core/media-gateway/media-gateway-process.ts'],
  outfile: 'dist/main/media-gateway.js',
  format: 'esm',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
// A sandboxed preload must be CommonJS.
await build({ ...common, entryPoints: ['renderer/preload.ts'], outfile: 'dist/preload/preload.cjs', format: 'cjs' });
console.log('built dist/renderer, dist/main/main.js, dist/main/media-gateway.js, dist/preload/preload.cjs');
