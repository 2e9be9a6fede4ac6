/**
 * RFC 3863 presence documents (`application/pidf+xml`) with the RFC 4480
 * (RPID) activities that carry away / busy / on the phone, as this app
 * publishes and reads them.
 *
 * @remarks
 * There is no RPID activity for Do not disturb: it is published as `busy`
 * with `<rpid:other>dnd</rpid:other>` and the note "Do not disturb", so a
 * client that knows only RPID shows busy and one that reads notes (as
 * Linphone, Bria and this app do) shows DND.
 */
import type { PresenceStatus } from '../presence';

export const PRESENCE_EVENT = 'presence';
export const PIDF_CONTENT_TYPE = 'application/pidf+xml';

/** A published status, or the server's word that no client of theirs is there. */
export type ReadPresence = PresenceStatus | 'offline';

const MAX_DOCUMENT_CHARS = 65_536;

const NOTES: Record<PresenceStatus, string> = {
  available: 'Available',
  away: 'Away',
  busy: 'Busy',
  dnd: 'Do not disturb',
  'on-the-phone': 'On the phone',
};

const ACTIVITIES: Record<PresenceStatus, string> = {
  available: '',
  away: '<rpid:away/>',
  busy: '<rpid:busy/>',
  dnd: '<rpid:busy/><rpid:other>dnd</rpid:other>',
  'on-the-phone': '<rpid:on-the-phone/>',
};

/** The PIDF document of `status` for `entity` (the account's AOR, `sip:user@domain`). */
export function buildPidf(entity: string, status: PresenceStatus, tupleId: string): string {
  const activities = ACTIVITIES[status];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="${escapeXml(entity.replace(/^sips?:/, 'pres:'))}">`,
    `<tuple id="${escapeXml(tupleId)}"><status><basic>open</basic></status></tuple>`,
    activities ? `<dm:person id="p-${escapeXml(tupleId)}"><rpid:activities>${activities}</rpid:activities></dm:person>` : '',
    `<note>${NOTES[status]}</note>`,
    '</presence>',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Reads a PIDF document (or several merged by the server); undefined when
 * it is not one (no `presence` root, no tuple with a basic status), so the
 * caller can log and ignore it. Open wins over closed when several tuples
 * (several clients of one person) disagree.
 */
export function parsePidf(body: string): ReadPresence | undefined {
  if (body.length > MAX_DOCUMENT_CHARS) return undefined;
  if (!/<(?:[\w-]+:)?presence[\s>]/.test(body) || !/<\/(?:[\w-]+:)?presence\s*>/.test(body)) return undefined;
  const basics = [...body.matchAll(/<(?:[\w-]+:)?basic\s*>\s*([a-z]+)\s*<\/(?:[\w-]+:)?basic\s*>/gi)].map((match) => match[1]!.toLowerCase());
  if (basics.length === 0 || basics.some((basic) => basic !== 'open' && basic !== 'closed')) return undefined;
  if (!basics.includes('open')) return 'offline';
  const activities = new Set([...body.matchAll(/<(?:[\w-]+:)?(away|busy|on-the-phone|appointment|meeting|vacation|holiday|meal|breakfast|dinner|sleeping|permanent-absence|travel)\s*\/?>/gi)].map((match) => match[1]!.toLowerCase()));
  const others = [...body.matchAll(/<(?:[\w-]+:)?other(?:\s[^>]*)?>([^<]{0,100})<\/(?:[\w-]+:)?other\s*>/gi)].map((match) => match[1]!.trim().toLowerCase());
  const notes = [...body.matchAll(/<(?:[\w-]+:)?note(?:\s[^>]*)?>([^<]{0,200})<\/(?:[\w-]+:)?note\s*>/gi)].map((match) => match[1]!.trim().toLowerCase());
  if (others.includes('dnd') || notes.some((note) => /do not disturb|\bdnd\b/.test(note))) return 'dnd';
  if (activities.has('on-the-phone')) return 'on-the-phone';
  if (activities.has('busy') || activities.has('meeting') || activities.has('appointment')) return 'busy';
  if (activities.size > 0) return 'away';
  if (notes.some((note) => note === 'away')) return 'away';
  if (notes.some((note) => note === 'busy')) return 'busy';
  if (notes.some((note) => note === 'on the phone')) return 'on-the-phone';
  return 'available';
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
