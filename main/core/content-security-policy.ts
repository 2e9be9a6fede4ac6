/**
 * The renderer's Content-Security-Policy, sent by main with every page (and
 * repeated in index.html for file:// loads). No remote code, no inline
 * script, no eval; `connect-src 'self'` lets only the browser host's own
 * WebSocket through.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
