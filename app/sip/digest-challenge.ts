/**
 * Reading the realm of a digest challenge (RFC 3261 §22, RFC 7616) out of a
 * 401 or 407, so each challenge is answered with a key for its own realm.
 * Both processes use it: main records the realms its connection was
 * challenged with, the renderer asks main for the key of the realm that
 * challenged it.
 */

/** A realm main will compute a key for: bounded, printable, and quotable inside a digest header. */
export const DIGEST_REALM_PATTERN = /^[^\x00-\x1f\x7f"\\]{1,256}$/;

const REALM_PARAM = /(?:^|[\s,])realm\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/i;

/** The realm parameter of one `WWW-Authenticate` / `Proxy-Authenticate` value, unescaped. */
export function digestRealmOf(challenge: string): string | undefined {
  const match = REALM_PARAM.exec(challenge);
  if (!match) return undefined;
  const realm = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
  return realm && DIGEST_REALM_PATTERN.test(realm) ? realm : undefined;
}

const STATUS_LINE = /^SIP\/2\.0[ \t]+(401|407)[ \t]/;

/**
 * The realm a raw SIP message challenges with: the first digest challenge of
 * a 401 (`WWW-Authenticate`) or 407 (`Proxy-Authenticate`), the one sip.js
 * answers. Undefined for anything else.
 */
export function challengedRealmOf(message: string): string | undefined {
  const status = STATUS_LINE.exec(message)?.[1];
  if (!status) return undefined;
  const headerName = status === '401' ? 'www-authenticate' : 'proxy-authenticate';
  const headEnd = message.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? message : message.slice(0, headEnd);
  for (const line of head.split(/\r\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon === -1 || line.slice(0, colon).trim().toLowerCase() !== headerName) continue;
    const value = line.slice(colon + 1).replace(/\r\n[ \t]+/g, ' ').trim();
    if (!/^digest\s/i.test(value)) continue;
    return digestRealmOf(value);
  }
  return undefined;
}
