/**
 * `sip:`, `sips:`, `tel:` and `callto:` links, as the OS hands them to us
 * (clicked in a browser or a mail, or passed on the command line).
 */
import { fail, ok, type Result } from './result';
import { DIAL_SCHEME_PREFIX } from './sip-address';

export const DIAL_LINK_SCHEMES = ['sip', 'sips', 'tel', 'callto'] as const;

const LINK_PATTERN = new RegExp(`${DIAL_SCHEME_PREFIX.source}(.*)$`, 'i');

/** Turns a link into what goes in the dial field; never into a call by itself. */
export function parseDialLink(link: string): Result<string> {
  const match = LINK_PATTERN.exec(link.trim());
  if (!match) return fail('link-scheme', 'This is not a sip:, sips:, tel: or callto: link.');
  const scheme = match[1]!.toLowerCase();
  let rest = match[2]!;
  try {
    rest = decodeURIComponent(rest);
  } catch {
    return fail('link-encoding', `The link "${link}" is not encoded correctly.`);
  }
  // URI parameters and headers (;transport=…, ?subject=…) are not part of the number.
  const target = rest.split(/[;?]/)[0]!.trim();
  if (scheme === 'tel' || !target.includes('@')) {
    const number = target.replace(/[\s().\-/]/g, '');
    if (!/^\+?[0-9*#]{1,32}$/.test(number) && !(scheme !== 'tel' && /^[A-Za-z0-9._~-]{1,64}$/.test(number))) {
      return fail('link-number', `The link "${link}" does not contain a number or address that can be called.`);
    }
    return ok(number);
  }
  if (!/^[^\s@]+@[A-Za-z0-9.-]+(:\d+)?$/.test(target)) {
    return fail('link-address', `The link "${link}" does not contain a valid SIP address.`);
  }
  return ok(target);
}

/** The first dial link among command-line arguments (first launch, or a second instance's). */
export function findDialLink(argv: readonly string[]): string | undefined {
  return argv.find((arg) => LINK_PATTERN.test(arg) && !arg.startsWith('--'));
}
