/**
 * The progress of a transfer as the other side reports it: each NOTIFY of a
 * REFER carries a `message/sipfrag` body whose first line is the status line
 * of the INVITE the transferee sent (RFC 3515 §2.4.5).
 */
export type TransferState = 'requested' | 'ringing' | 'succeeded' | 'failed';

export interface SipfragStatus {
  readonly statusCode: number;
  readonly reasonPhrase: string;
}

/** `SIP/2.0 180 Ringing` → `{ 180, 'Ringing' }`; anything else → undefined. */
export function parseSipfragStatus(body: string): SipfragStatus | undefined {
  const firstLine = body.trimStart().split(/\r?\n/, 1)[0] ?? '';
  const match = /^SIP\/2\.0\s+(\d{3})(?:\s+(.*))?$/i.exec(firstLine.trim());
  if (!match) return undefined;
  return { statusCode: Number(match[1]), reasonPhrase: (match[2] ?? '').trim() };
}

/** 1xx: still going (180/183 mean the target rings); 2xx: done; anything else: it failed. */
export function transferStateFromStatus(statusCode: number): TransferState {
  if (statusCode >= 200 && statusCode < 300) return 'succeeded';
  if (statusCode >= 300) return 'failed';
  return statusCode === 180 || statusCode === 183 ? 'ringing' : 'requested';
}
