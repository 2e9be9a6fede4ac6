/**
 * Makes the messages both user agents build reachable on a plain SIP
 * transport (UDP, TCP, TLS), and gives sip.js back what it expects.
 *
 * @remarks
 * sip.js puts `SIP/2.0/WS <host>.invalid` in its Via and the same host in its
 * Contact, and the account's router tells main's agent from the renderer's by
 * that Via host. On the wire a provider needs an address it can reach, so:
 * - outgoing, the top Via of a request becomes `SIP/2.0/<TRANSPORT>
 *   <ip>:<port>;rport;branch=…` (RFC 3581: the answer comes back to where
 *   the request came from, whatever a NAT did to it); the Via it replaced is
 *   remembered by branch;
 * - outgoing, a Contact on one of our `.invalid` hosts becomes our public
 *   address with the right `transport` parameter;
 * - incoming responses get their top Via back exactly as sip.js wrote it
 *   (sip.js drops a response whose top Via carries a port), and a Contact
 *   naming our public address (a registrar's list of bindings) is given back
 *   its `.invalid` form, or the Registerer would not find itself.
 *
 * sip.js must not be told the real address instead: its Contact is built
 * once per agent, before any socket exists, and main's router keys on the
 * Via host.
 */

export type PlainTransport = 'UDP' | 'TCP' | 'TLS';

export interface WireAddress {
  readonly host: string;
  readonly port: number;
}

/** What a response's top Via said about where our request came from (RFC 3581). */
export interface ObservedSource {
  readonly received?: string;
  readonly rport?: number;
}

const INVALID_HOST = /[A-Za-z0-9-]+\.invalid/;
const VIA_LINE = /^(via|v)[ \t]*:[ \t]*([^\r\n]*)$/im;
const CONTACT_LINE = /^(contact|m)[ \t]*:[ \t]*([^\r\n]*)$/gim;
const BRANCH = /;[ \t]*branch=([^;,\s]+)/i;
/** How many sent Vias are remembered: far more than transactions in flight on one account. */
const REMEMBERED_VIAS = 512;
/** How many Contacts are remembered: both agents' few, across many changes of our public address. */
const REMEMBERED_CONTACTS = 32;

export class SipWireAddressing {
  private readonly sentVias = new Map<string, string>();
  /** Contact URIs as we wrote them on the wire → as sip.js wrote them. */
  private readonly contactsOnWire = new Map<string, string>();

  constructor(
    private readonly transport: PlainTransport,
    private publicAddress: WireAddress,
  ) {}

  get address(): WireAddress {
    return this.publicAddress;
  }

  /** Our address as the provider should see it changed (a NAT rebinding, learned by STUN or rport). */
  setPublicAddress(address: WireAddress): void {
    this.publicAddress = address;
  }

  /**
   * Rewrites a message one of our agents built, for the wire. `viaTransport`
   * overrides the Via's (a large request diverted to TCP); the Contact keeps
   * ours, the only socket that takes requests.
   */
  toWire(text: string, viaTransport: PlainTransport = this.transport): string {
    const headerEnd = headerEndOf(text);
    let head = text.slice(0, headerEnd);
    const body = text.slice(headerEnd);
    const isRequest = !head.startsWith('SIP/2.0 ');
    if (isRequest) {
      const via = VIA_LINE.exec(head);
      if (via) {
        const [first, ...rest] = splitTopVia(via[2]!);
        const branch = BRANCH.exec(first)?.[1];
        if (branch && INVALID_HOST.test(first)) {
          this.rememberVia(branch, first);
          const params = first.slice(first.indexOf(';'));
          const withRport = /;[ \t]*rport\b/i.test(params) ? params : `;rport${params}`;
          const wireVia = `SIP/2.0/${viaTransport} ${hostPort(this.publicAddress)}${withRport}`;
          head = head.slice(0, via.index) + `${via[1]}: ${[wireVia, ...rest].join(',')}` + head.slice(via.index + via[0].length);
        }
      }
    }
    head = head.replace(CONTACT_LINE, (line: string, name: string, value: string) => {
      const uri = /<([^>]*)>/.exec(value)?.[1] ?? value.split(';')[0]!;
      if (!INVALID_HOST.test(uri)) return line;
      const wireUri = this.wireContact(uri, this.transport);
      this.rememberContact(wireUri, uri);
      return `${name}: ${value.replace(uri, wireUri)}`;
    });
    return head + body;
  }

  /**
   * Gives an incoming message back the form sip.js expects: a response's
   * top Via as we wrote it, our Contacts on their `.invalid` hosts.
   * Returns what the top Via said about our source, for {@link ObservedSource}.
   */
  fromWire(text: string): { text: string; observed?: ObservedSource } {
    if (!text.startsWith('SIP/2.0 ')) return { text };
    const headerEnd = headerEndOf(text);
    let head = text.slice(0, headerEnd);
    let observed: ObservedSource | undefined;
    const via = VIA_LINE.exec(head);
    if (via) {
      const [first, ...rest] = splitTopVia(via[2]!);
      const branch = BRANCH.exec(first)?.[1];
      const original = branch ? this.sentVias.get(branch) : undefined;
      if (original) {
        const received = /;[ \t]*received=([^;,\s]+)/i.exec(first)?.[1];
        const rport = Number(/;[ \t]*rport=(\d+)/i.exec(first)?.[1]);
        observed = { ...(received ? { received } : {}), ...(rport > 0 ? { rport } : {}) };
        head = head.slice(0, via.index) + `${via[1]}: ${[original, ...rest].join(',')}` + head.slice(via.index + via[0].length);
      }
    }
    head = head.replace(CONTACT_LINE, (line: string) => {
      let restored = line;
      for (const [wire, original] of this.contactsOnWire) if (restored.includes(wire)) restored = restored.split(wire).join(original);
      return restored;
    });
    return { text: head + text.slice(headerEnd), observed };
  }

  /** Whether `user` is the user part of one of our Contacts on the wire (a request naming it is addressed to us). */
  isOurContactUser(user: string | undefined): boolean {
    if (!user) return false;
    for (const original of this.contactsOnWire.values()) if (/^sips?:([^@;?]*)@/i.exec(original)?.[1] === user) return true;
    return false;
  }

  private wireContact(uri: string, transport: PlainTransport): string {
    const match = /^(sips?):(?:([^@]*)@)?[^;?]*(.*)$/i.exec(uri);
    if (!match) return uri;
    const user = match[2] ? `${match[2]}@` : '';
    const params = (match[3] ?? '').replace(/;[ \t]*transport=[^;?]*/i, '');
    return `sip:${user}${hostPort(this.publicAddress)};transport=${transport.toLowerCase()}${params}`;
  }

  private rememberContact(wireUri: string, uri: string): void {
    this.contactsOnWire.delete(wireUri);
    this.contactsOnWire.set(wireUri, uri);
    if (this.contactsOnWire.size > REMEMBERED_CONTACTS) this.contactsOnWire.delete(this.contactsOnWire.keys().next().value!);
  }

  private rememberVia(branch: string, via: string): void {
    this.sentVias.delete(branch);
    this.sentVias.set(branch, via);
    if (this.sentVias.size > REMEMBERED_VIAS) this.sentVias.delete(this.sentVias.keys().next().value!);
  }
}

function headerEndOf(text: string): number {
  const end = text.indexOf('\r\n\r\n');
  return end < 0 ? text.length : end;
}

/** The first Via value of a Via line and the rest (a line may carry several, comma-separated). */
function splitTopVia(value: string): [string, ...string[]] {
  const comma = value.indexOf(',');
  return comma < 0 ? [value.trim()] : [value.slice(0, comma).trim(), value.slice(comma + 1)];
}

export function hostPort(address: WireAddress): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}
