/**
 * Who is calling, as the call panel, the notification and the history show
 * it: From's address and name, unless From hides the caller or names no
 * one and the caller's network says who it is.
 *
 * PBXs and carriers assert the caller in P-Asserted-Identity (RFC 3325) or
 * in the older Remote-Party-ID. A call from a trunk often comes with an
 * anonymous From (RFC 3323) and the real number in P-Asserted-Identity.
 * Another PBX puts the extension in From and the person's name only in the
 * asserted identity. The rules:
 * - An anonymous From takes the asserted address and name whole.
 * - A From without a display name takes the asserted name, when the
 *   asserted address has the same user (the same party, named).
 * - Otherwise From stands. A trunk's From naming another number is what
 *   the caller chose to show.
 * - A caller who asked for privacy (`Privacy: id`, or Remote-Party-ID's
 *   `privacy=` other than `off`) stays anonymous: the server should have
 *   removed the asserted identity, and this does not show it if it did not.
 *
 * Only sip: and sips: identities are read (tel: ones are left as they are).
 */
import { Grammar, type NameAddrHeader, type URI } from 'sip.js';

/** In the words of a call's view and history entry. */
export interface CallerIdentity {
  readonly remoteUri: string;
  readonly remoteName?: string;
}

/** The parts of an incoming INVITE this reads (sip.js's IncomingRequestMessage has them). */
export interface CallerHeaders {
  readonly from: NameAddrHeader | undefined;
  getHeaders(name: string): string[];
}

export function callerIdentityOf(request: CallerHeaders): CallerIdentity {
  const from = identityOfParty(request.from);
  const asserted = assertedIdentityOf(request);
  if (!asserted) return from;
  if (isAnonymous(request.from?.uri)) return identityOfParty(asserted);
  // sip.js leaves displayName undefined when the header has none, whatever its type says.
  const assertedName = (asserted.displayName ?? '').trim();
  if (from.remoteName === undefined && assertedName && asserted.uri.user === request.from?.uri.user) {
    return { ...from, remoteName: assertedName };
  }
  return from;
}

/** The first sip: or sips: identity asserted, unless the caller asked for privacy. */
function assertedIdentityOf(request: CallerHeaders): NameAddrHeader | undefined {
  const privacy = request.getHeaders('privacy').join(';').toLowerCase().split(/[;,\s]+/);
  if (privacy.includes('id')) return undefined;
  for (const value of request.getHeaders('p-asserted-identity').flatMap(splitValues)) {
    const parsed = Grammar.nameAddrHeaderParse(value);
    if (parsed) return parsed;
  }
  for (const value of request.getHeaders('remote-party-id').flatMap(splitValues)) {
    const parsed = Grammar.nameAddrHeaderParse(value);
    if (!parsed) continue;
    const party = parsed.getParam('party');
    if (party !== undefined && party?.toLowerCase() !== 'calling') continue;
    const hidden = parsed.getParam('privacy');
    if (hidden !== undefined && hidden?.toLowerCase() !== 'off') return undefined;
    return parsed;
  }
  return undefined;
}

/** A From or To header's party as it stands, address and name. */
export function identityOfParty(header: NameAddrHeader | undefined): CallerIdentity {
  const name = (header?.displayName ?? '').trim();
  return { remoteUri: header?.uri.toString() ?? '', ...(name ? { remoteName: name } : {}) };
}

/** RFC 3323's anonymous URI, and the shapes PBXs use for a hidden caller. */
function isAnonymous(uri: URI | undefined): boolean {
  if (!uri) return true;
  const user = (uri.user ?? '').toLowerCase();
  return user === 'anonymous' || user === 'restricted' || user === 'unknown' || uri.host.toLowerCase() === 'anonymous.invalid';
}

/** A header's comma-separated values (commas inside <> or quotes belong to the value). */
function splitValues(header: string): string[] {
  const values: string[] = [];
  let current = '';
  let isQuoted = false;
  let depth = 0;
  let previous = '';
  for (const character of header) {
    if (character === '"' && previous !== '\\') isQuoted = !isQuoted;
    else if (!isQuoted && character === '<') depth += 1;
    else if (!isQuoted && character === '>') depth = Math.max(0, depth - 1);
    if (character === ',' && !isQuoted && depth === 0) {
      values.push(current.trim());
      current = '';
    } else current += character;
    previous = character;
  }
  if (current.trim()) values.push(current.trim());
  return values;
}
