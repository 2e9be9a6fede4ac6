/**
 * Narrows a WebRTC SDP to some of its payload types, so that werift answers
 * with exactly the codecs the provider took (it answers with what both it
 * and the offer have, in the offer's order).
 */

/** Removes every payload type of the audio section except `keep` (and their rtpmap/fmtp/rtcp-fb lines). */
export function narrowAudioCodecs(sdp: string, keep: readonly number[]): string {
  const kept = new Set(keep.map(String));
  let isInAudio = false;
  const out: string[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.length === 0) continue;
    if (line.startsWith('m=')) {
      isInAudio = line.startsWith('m=audio ');
      if (isInAudio) {
        const [media, port, protocol, ...formats] = line.split(' ');
        out.push([media, port, protocol, ...formats.filter((format) => kept.has(format))].join(' '));
        continue;
      }
    }
    const perPayload = isInAudio ? /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+) /.exec(line) : null;
    if (perPayload && !kept.has(perPayload[1]!)) continue;
    out.push(line);
  }
  return `${out.join('\r\n')}\r\n`;
}
