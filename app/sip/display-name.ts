/**
 * A display name as it may appear in a SIP header (RFC 3261 §25.1
 * `quoted-string`). A CR or LF in it would end the From header and start
 * another one, so the form refuses control characters and whatever builds a
 * UserAgent's options passes the name through {@link displayNameForWire}
 * (accounts saved before the form refused them still exist).
 */

/** C0 controls and DEL: never part of a name a person types. */
export const CONTROL_CHARACTERS = /[\x00-\x1f\x7f]/;

/** The name without control characters, with `"` and `\` escaped: sip.js writes it between quotes as it is. */
export function displayNameForWire(name: string): string {
  return name
    .replace(new RegExp(CONTROL_CHARACTERS.source, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\"]/g, (character) => `\\${character}`);
}
