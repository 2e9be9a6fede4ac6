/**
 * Where an account's SIP goes and over what: the transport the user chose
 * and the optional registrar/outbound proxy (`host[:port]`), and the one
 * string main's connection factory reads (`sip:host[:port][;transport=x]`,
 * or the WebSocket URL).
 */
import { z } from 'zod';
import { fail, ok, type Result } from './result';

export const SipTransportChoiceSchema = z.enum(['auto', 'udp', 'tcp', 'tls', 'websocket']);
/** Auto follows RFC 3263 (NAPTR, SRV, then A/AAAA) when no port or transport is given. */
export type SipTransportChoice = z.infer<typeof SipTransportChoiceSchema>;
export const SIP_TRANSPORT_CHOICES = SipTransportChoiceSchema.options;

export type PlainSipTransport = 'udp' | 'tcp' | 'tls';

/** A plain SIP destination: the host to resolve, and what the user fixed of port and transport. */
export interface SipTarget {
  readonly host: string;
  readonly port?: number;
  readonly transport?: PlainSipTransport;
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;

/** Parses an optional registrar/outbound proxy as typed: `host`, `host:port` or `[v6]:port`; empty is fine (the SIP domain is used). */
export function parseProxyAddress(text: string): Result<{ host: string; port?: number } | undefined> {
  const trimmed = text.trim().replace(/^sips?:/i, '');
  if (trimmed === '') return ok(undefined);
  const match = HOST_PORT.exec(trimmed);
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match || (port !== undefined && (port < 1 || port > 65_535))) {
    return fail('proxy-format', `"${trimmed}" is not a host or host:port, like sip.example.com or sip.example.com:5060.`);
  }
  return ok({ host: match[1]!.replace(/^\[|\]$/g, ''), ...(port === undefined ? {} : { port }) });
}

/** The URL main connects to for a plain transport: `sip:host[:port][;transport=x]` (auto leaves transport out). */
export function plainTargetUrl(target: SipTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `sip:${host}${target.port ? `:${target.port}` : ''}${target.transport ? `;transport=${target.transport}` : ''}`;
}

/** Reads back {@link plainTargetUrl}; undefined for anything else (a WebSocket URL). */
export function parsePlainTargetUrl(url: string): SipTarget | undefined {
  const match = /^sip:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:;transport=(udp|tcp|tls))?$/i.exec(url);
  if (!match) return undefined;
  return {
    host: match[1]!.replace(/^\[|\]$/g, ''),
    ...(match[2] ? { port: Number(match[2]) } : {}),
    ...(match[3] ? { transport: match[3].toLowerCase() as PlainSipTransport } : {}),
  };
}
