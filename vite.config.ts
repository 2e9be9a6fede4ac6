import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './main/core/content-security-policy';

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

// The renderer is loaded from file:// in Electron and from the browser host
// in tests, so every asset path is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    modulePreload: { polyfill: false },
  },
});
