import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './main/core/content-security-policy.ts';
import { GRAMMAR_LEFT_AS_IS, keepBytecodeTable, SIP_GRAMMAR_MODULE } from './scripts/sip-grammar-tables.mjs';

/** Writes the one CSP into index.html (file:// pages get no response headers). */
function contentSecurityPolicy(): Plugin {
  // frame-ancestors is ignored (with a console warning) in a <meta> policy.
  const metaPolicy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'softphone-csp',
    transformIndexHtml: (html) => html.replace('%CONTENT_SECURITY_POLICY%', metaPolicy),
  };
}

/** sip.js's grammar with its bytecode table decoded once, not on every parse (scripts/sip-grammar-tables.mjs). */
function sipGrammarTables(): Plugin {
  return {
    name: 'sip-grammar-tables',
    transform(code, id) {
      if (!SIP_GRAMMAR_MODULE.test(id.split('?')[0]!)) return null;
      const kept = keepBytecodeTable(code);
      if (kept === undefined) this.warn(GRAMMAR_LEFT_AS_IS);
      return kept === undefined ? null : { code: kept, map: null };
    },
  };
}

/**
 * V8's explicit compile hint: every function of the renderer's bundle is
 * compiled when the script loads (off the main thread while it streams),
 * not lazily on its first call. The first call after start otherwise paid
 * for compiling its whole path (SIP, the call panel, tones) in the middle of
 * its setup: 20-25 ms of the page's main thread between click and 200 OK in
 * a trace, against under 1 ms for later calls. Chromium 136 and later read it;
 * others ignore a comment.
 */
const COMPILE_EVERYTHING_ON_LOAD = '//# allFunctionsCalledOnLoad';

// The renderer is loaded from file:// in Electron and from the browser host
// in tests, so every asset path is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy(), sipGrammarTables()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    modulePreload: { polyfill: false },
    // One chunk by design: the window compiles all of it while it loads (the hint above), so
    // nothing is left to fetch and compile when the first call needs it. About 1.3 MB.
    chunkSizeWarningLimit: 2_000,
    rolldownOptions: {
      // After minification, which would drop the comment; the hint must open the file.
      output: { postBanner: (chunk) => (chunk.isEntry ? COMPILE_EVERYTHING_ON_LOAD : '') },
    },
  },
});
