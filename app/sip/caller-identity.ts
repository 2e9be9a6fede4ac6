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
 * Carriers often assert a tel: URI (RFC 3966), a number with no host. It is
 * shown as what dialing that number from the address the INVITE was sent to
 * (To's) makes, marked `;user=phone`, so calling back reaches the same
 * number through the same provider.
 */
import { Grammar, type NameAddrHeader, type URI } from 'sip.js';
import { parseDialTarget, sipAddressOf } from '../sip-address';

/** In the words of a call's view and history entry. */
export interface CallerIdentity {
  readonly remoteUri: string;
  readonly remoteName?: string;
}

/** The parts of an incoming INVITE this reads (sip.js's IncomingRequestMessage has them). */
export interface CallerHeaders {
  readonly from: NameAddrHeader | undefined;
  /** Whose host a tel: identity's number is placed at. */
  readonly to?: NameAddrHeader | undefined;
  getHeaders(name: string): string[];
}

/** An asserted party, read from a sip:, sips: or tel: identity. */
interface AssertedParty {
  readonly uri: string;
  /** The user part (for tel:, the number), to tell whether it is From's party. */
  readonly user: string | undefined;
  readonly name: string;
}

export function callerIdentityOf(request: CallerHeaders): CallerIdentity {
  const from = identityOfParty(request.from);
  const asserted = assertedIdentityOf(request);
  if (!asserted) return from;
  if (isAnonymous(request.from?.uri)) return identityOf(asserted.uri, asserted.name);
  if (from.remoteName === undefined && asserted.name && asserted.user === request.from?.uri.user) {
    return { ...from, remoteName: asserted.name };
  }
  return from;
}

/** The first identity asserted, unless the caller asked for privacy. */
function assertedIdentityOf(request: CallerHeaders): AssertedParty | undefined {
  const privacy = request.getHeaders('privacy').join(';').toLowerCase().split(/[;,\s]+/);
  if (privacy.includes('id')) return undefined;
  // RFC 3325 allows one sip: and one tel: identity; the sip: one is the network's own address.
  const assertedValues = request.getHeaders('p-asserted-identity').flatMap(splitValues);
  for (const value of assertedValues) {
    const parsed = Grammar.nameAddrHeaderParse(value);
    if (parsed) return partyOf(parsed);
  }
  for (const value of assertedValues) {
    const tel = telPartyOf(value, request.to);
    if (tel) return tel;
  }
  for (const value of request.getHeaders('remote-party-id').flatMap(splitValues)) {
    const parsed = Grammar.nameAddrHeaderParse(value);
    if (!parsed) continue;
    const party = parsed.getParam('party');
    if (party !== undefined && party?.toLowerCase() !== 'calling') continue;
    const hidden = parsed.getParam('privacy');
    if (hidden !== undefined && hidden?.toLowerCase() !== 'off') return undefined;
    return partyOf(parsed);
  }
  return undefined;
}

function partyOf(header: NameAddrHeader): AssertedParty {
  return { uri: header.uri.toString(), user: header.uri.user, name: (header.displayName ?? '').trim() };
}

/**
 * `"Name" <tel:+1-555-0100;…>` or a bare `tel:+15550100`, as the number
 * dialed from the address the call was sent to (`to`).
 */
function telPartyOf(value: string, to: NameAddrHeader | undefined): AssertedParty | undefined {
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<\s*tel:([^;>]+)[^>]*>|^\s*tel:([^;\s]+)/i.exec(value);
  if (!match || !to) return undefined;
  // Visual separators (RFC 3966) are not part of the number.
  const number = (match[3] ?? match[4] ?? '').replace(/[-.()\s]/g, '');
  if (!/^\+?[0-9*#]+$/.test(number)) return undefined;
  const ownAddress = sipAddressOf(to.uri.user ?? '', to.uri.host);
  const dialed = ownAddress.ok ? parseDialTarget(number, ownAddress.value) : ownAddress;
  if (!dialed.ok) return undefined;
  const name = (match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? '').trim();
  return { uri: `${dialed.value};user=phone`, user: number, name };
}

/** A From or To header's party as it stands, address and name. */
export function identityOfParty(header: NameAddrHeader | undefined): CallerIdentity {
  return identityOf(header?.uri.toString() ?? '', header?.displayName);
}

function identityOf(uri: string, name: string | undefined): CallerIdentity {
  // sip.js leaves displayName undefined when the header has none, whatever its type says.
  const shownName = (name ?? '').trim();
  return { remoteUri: uri, ...(shownName ? { remoteName: shownName } : {}) };
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
