/**
 * Cuts a SIP byte stream (TCP, TLS) into messages by Content-Length
 * (RFC 3261 §18.3), and recognizes RFC 5626 keep-alive pongs between them.
 *
 * @remarks
 * Whatever the peer sends, memory stays bounded: a header section longer
 * than {@link MAX_HEADER_BYTES} or a Content-Length above
 * {@link MAX_BODY_BYTES} makes the stream unusable ({@link push} returns
 * `broken`), and the connection must be closed. A Content-Length that
 * promises more than ever comes only stalls the stream: the keep-alive
 * deadline then notices.
 */

export const MAX_HEADER_BYTES = 16 * 1024;
export const MAX_BODY_BYTES = 256 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$/im;

export interface FramedItem {
  readonly kind: 'message' | 'pong';
  readonly text?: string;
}

export class SipStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns the complete items, or 'broken' when the stream cannot be framed. */
  push(chunk: Buffer): FramedItem[] | 'broken' {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const items: FramedItem[] = [];
    for (;;) {
      let start = 0;
      while (start < this.buffer.length && (this.buffer[start] === 0x0d || this.buffer[start] === 0x0a)) start += 1;
      if (start > 0) {
        // A lone CRLF between messages is the pong to our double-CRLF ping.
        if (this.buffer.subarray(0, start).includes(0x0a)) items.push({ kind: 'pong' });
        this.buffer = this.buffer.subarray(start);
      }
      if (this.buffer.length === 0) return items;
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return this.buffer.length > MAX_HEADER_BYTES ? 'broken' : items;
      if (headerEnd > MAX_HEADER_BYTES) return 'broken';
      const head = this.buffer.subarray(0, headerEnd).toString('utf8');
      const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
      if (length > MAX_BODY_BYTES) return 'broken';
      const total = headerEnd + HEADER_END.length + length;
      if (this.buffer.length < total) return items;
      items.push({ kind: 'message', text: this.buffer.subarray(0, total).toString('utf8') });
      this.buffer = this.buffer.subarray(total);
    }
  }
}
