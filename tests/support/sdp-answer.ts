/**
 * Rewrites the SDP answer of a SIP response on its way to the caller, to
 * play a peer whose answer leaves telephone-event (RFC 4733) out.
 */

/** An answer without any telephone-event payload type. */
export function answerWithoutTelephoneEvent(message: string): string {
  return rewriteInviteAnswer(message, (sdp) => {
    const types = telephoneEventTypes(sdp).map((entry) => entry.payloadType);
    return dropPayloadTypes(sdp, types);
  });
}

function rewriteInviteAnswer(message: string, rewriteSdp: (sdp: string) => string): string {
  if (!/^SIP\/2\.0 (183|200) /.test(message) || !/^CSeq:\s*\d+ INVITE\s*$/im.test(message)) return message;
  const split = message.indexOf('\r\n\r\n');
  if (split === -1) return message;
  const body = message.slice(split + 4);
  if (!body.includes('m=audio')) return message;
  const rewritten = rewriteSdp(body);
  const head = message.slice(0, split).replace(/^(Content-Length|l)\s*:\s*\d+/im, `Content-Length: ${Buffer.byteLength(rewritten)}`);
  return `${head}\r\n\r\n${rewritten}`;
}

function telephoneEventTypes(sdp: string): { payloadType: string; clockRate: number }[] {
  return [...sdp.matchAll(/^a=rtpmap:(\d+) telephone-event\/(\d+)/gim)].map((match) => ({ payloadType: match[1]!, clockRate: Number(match[2]) }));
}

function dropPayloadTypes(sdp: string, types: readonly string[]): string {
  if (types.length === 0) return sdp;
  const dropped = new Set(types);
  return sdp
    .split('\r\n')
    .filter((line) => {
      const attribute = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+) /.exec(line);
      return !(attribute && dropped.has(attribute[1]!));
    })
    .map((line) => (line.startsWith('m=audio ') ? line.split(' ').filter((part, index) => index < 3 || !dropped.has(part)).join(' ') : line))
    .join('\r\n');
}
