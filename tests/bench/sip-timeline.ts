/**
 * Finds SIP messages in recorded WebSocket frames and times an INVITE
 * transaction from them.
 *
 * Frames are either raw SIP (a sip.js WebSocket, the tap) or the softphone's
 * IPC frames, JSON with the SIP text in a string field (`sip:send`,
 * `sip:message`). Rather than depend on the IPC frame layout, JSON frames are
 * searched for any string that looks like a SIP message.
 */

export interface TimedFrame {
  readonly direction: 'out' | 'in';
  readonly at: number;
  readonly data: string;
}

export interface SipEvent {
  readonly direction: 'out' | 'in';
  readonly at: number;
  /** Request method, or undefined for a response. */
  readonly method?: string;
  readonly status?: number;
  readonly callId?: string;
  /** The method in CSeq (what a response answers). */
  readonly cseqMethod?: string;
  readonly hasToTag: boolean;
}

export interface InviteTiming {
  readonly callId: string;
  /** The first (unauthenticated) INVITE of the call left. */
  readonly inviteAt: number;
  /** The 200 OK to the INVITE arrived. */
  readonly okAt: number;
}

const SIP_START = /^(?:[A-Z]+ sips?:\S+ SIP\/2\.0|SIP\/2\.0 \d{3})/;

export function sipEvents(frames: readonly TimedFrame[]): SipEvent[] {
  const events: SipEvent[] = [];
  for (const frame of frames) {
    for (const text of sipTexts(frame.data)) events.push({ direction: frame.direction, at: frame.at, ...parseSip(text) });
  }
  return events;
}

/**
 * The first outgoing initial INVITE (no To-tag: not a re-INVITE) after the
 * frames start, and the 200 OK answering an INVITE of the same Call-ID.
 * Undefined while either is missing.
 */
export function inviteTiming(events: readonly SipEvent[]): InviteTiming | undefined {
  const invite = events.find((event) => event.direction === 'out' && event.method === 'INVITE' && !event.hasToTag && event.callId);
  if (!invite?.callId) return undefined;
  const ok = events.find(
    (event) => event.direction === 'in' && event.status === 200 && event.cseqMethod === 'INVITE' && event.callId === invite.callId && event.at >= invite.at,
  );
  return ok ? { callId: invite.callId, inviteAt: invite.at, okAt: ok.at } : undefined;
}

/** The same, for a known Call-ID (e.g. the tap's view of a call the page timed). */
export function inviteTimingFor(events: readonly SipEvent[], callId: string): InviteTiming | undefined {
  return inviteTiming(events.filter((event) => event.callId === callId));
}

/**
 * The authenticated INVITE of `callId` leaving → its 100 Trying arriving: one
 * round trip with no callee in it (a call pays at least two: the challenge,
 * then the answer).
 */
export function authorizedInviteRoundTrip(events: readonly SipEvent[], callId: string): number | undefined {
  const invites = events.filter((event) => event.direction === 'out' && event.method === 'INVITE' && !event.hasToTag && event.callId === callId);
  const authorized = invites[1];
  const trying = authorized && events.find((event) => event.direction === 'in' && event.status === 100 && event.cseqMethod === 'INVITE' && event.callId === callId && event.at >= authorized.at);
  return authorized && trying ? trying.at - authorized.at : undefined;
}

/** On the callee: the initial INVITE of `callId` arrived → its 200 OK left. */
export function answerTiming(events: readonly SipEvent[], callId: string): { inviteAt: number; okAt: number } | undefined {
  const invite = events.find((event) => event.direction === 'in' && event.method === 'INVITE' && !event.hasToTag && event.callId === callId);
  const ok = events.find((event) => event.direction === 'out' && event.status === 200 && event.cseqMethod === 'INVITE' && event.callId === callId);
  return invite && ok ? { inviteAt: invite.at, okAt: ok.at } : undefined;
}

function sipTexts(data: string): string[] {
  if (SIP_START.test(data)) return [data];
  if (!data.startsWith('{') && !data.startsWith('[')) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (SIP_START.test(value)) found.push(value);
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  walk(parsed);
  return found;
}

function parseSip(text: string): Omit<SipEvent, 'direction' | 'at'> {
  const headerEnd = text.indexOf('\r\n\r\n');
  const lines = (headerEnd >= 0 ? text.slice(0, headerEnd) : text).split(/\r?\n/);
  const startLine = lines[0] ?? '';
  const response = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  const header = (long: string, compact: string): string | undefined => {
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (name === long || name === compact) return line.slice(colon + 1).trim();
    }
    return undefined;
  };
  const cseq = header('cseq', 'cseq');
  const to = header('to', 't') ?? '';
  return {
    method: response ? undefined : startLine.split(' ')[0],
    status: response ? Number(response[1]) : undefined,
    callId: header('call-id', 'i'),
    cseqMethod: cseq?.split(/\s+/)[1],
    hasToTag: /;\s*tag=/i.test(to),
  };
}
