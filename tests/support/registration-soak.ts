/**
 * A compressed-time registration soak: the main core keeps one account
 * registered at a Kamailio whose registrations and nonces expire within
 * seconds, so many refresh cycles (each with a new nonce) pass in a minute,
 * and a call in at the end must still reach the account.
 *
 * Counts come from the wire (a {@link SipTap} between core and server) and
 * the statuses the user would have seen; used by the integration test and
 * by the benchmark.
 */
import type { SoftphoneCore } from '../../main/core/softphone-core';
import { startTestCore } from './core-fixture';
import { startKamailio, type KamailioOptions } from './kamailio';
import { CANNED_SDP, NodeCallWindow } from './node-call-window';
import { SipPeer } from './sip-peer';
import { startSipTap, type TappedMessage } from './sip-tap';
import { StatusHistory, type StatusChange } from './status-history';
import { waitFor } from './wait-for';

export interface SoakOptions {
  /** The server: nonce lifetime, realm, how INVITEs are challenged, stale=true. */
  readonly server: KamailioOptions;
  /** Registration expiry the account asks for and the registrar grants. */
  readonly expiresSec: number;
  /**
   * Refresh cycles to wait for: at least this many 200 OKs to refresh
   * REGISTERs, and at least this many challenges after the first (a nonce
   * may survive one refresh when its lifetime ends just after it).
   */
  readonly cycles: number;
}

export interface SoakResult {
  /** 200 OKs to refresh REGISTERs (after the first registration). */
  readonly refreshCycles: number;
  readonly registers: number;
  /** 401/407 answers to REGISTER. */
  readonly challenges: number;
  /** Distinct nonces among those challenges. */
  readonly distinctNonces: number;
  /** Challenges to REGISTER that carried stale=true. */
  readonly staleChallenges: number;
  /** Time Registered / time since first registered, up to the end of the soak. */
  readonly registeredFraction: number;
  /** Every status change after the account was first registered. */
  readonly changesAfterRegistered: readonly StatusChange[];
  /** Final status code the caller got for a call in at the end; 0 when the account was not registered by then. */
  readonly callInStatus: number;
  readonly durationMs: number;
  /** One line per SIP message through the tap (ms since the first, direction, start line, CSeq), for diagnostics. */
  readonly wire: readonly string[];
}

const USER = 'alice';
const CALLER = 'bob';

export async function runRegistrationSoak(options: SoakOptions): Promise<SoakResult> {
  const { expiresSec, cycles } = options;
  const server = await startKamailio({ minExpires: 1, maxExpires: expiresSec, defaultExpires: expiresSec, ...options.server });
  const tap = await startSipTap(server.wsUrl);
  const phone = startTestCore({ tuning: { registerExpiresSec: expiresSec } });
  const history = new StatusHistory(phone.core);
  const caller = new SipPeer({ wsUrl: server.wsUrl, user: CALLER, domain: server.domain, password: server.users[CALLER]! });
  try {
    const id = await phone.addAccount({ sipAddress: `${USER}@${server.domain}`, password: server.users[USER]!, serverUrl: tap.url });
    await phone.waitForStatus(id, 'registered');
    const registeredAt = history.firstAt(id, 'registered', 0)!;
    const isDone = (): boolean => {
      const answers = registerAnswers(tap.messages);
      const refreshes = answers.filter((answer) => answer.status === 200).length - 1;
      const challenges = new Set(answers.filter((answer) => answer.nonce !== undefined).map((answer) => answer.nonce)).size;
      return refreshes >= cycles && challenges > cycles;
    };
    const expectedMs = (cycles + 2) * expiresSec * 1000;
    // A failed account never comes back by itself: stop there and report it.
    await waitFor(`${cycles} refresh cycles`, () => isDone() || phone.account(id)?.status.kind === 'failed', expectedMs * 2);
    const endedAt = Date.now();
    const callInStatus = phone.account(id)?.status.kind === 'registered' ? await callIn(phone.core, id, caller, `sip:${USER}@${server.domain}`, () => registerAnswers(tap.messages).filter((answer) => answer.status === 200).length) : 0;

    const answers = registerAnswers(tap.messages);
    const challenges = answers.filter((answer) => answer.status === 401 || answer.status === 407);
    return {
      refreshCycles: answers.filter((answer) => answer.status === 200).length - 1,
      registers: tap.count('REGISTER'),
      challenges: challenges.length,
      distinctNonces: new Set(challenges.map((challenge) => challenge.nonce)).size,
      staleChallenges: challenges.filter((challenge) => challenge.isStale).length,
      registeredFraction: registeredFraction(history.of(id), registeredAt, endedAt),
      changesAfterRegistered: history.of(id).filter((change) => change.at > registeredAt),
      callInStatus,
      durationMs: endedAt - registeredAt,
      wire: summarizeWire(tap.messages),
    };
  } finally {
    await caller.stop();
    await phone.stop();
    await tap.close();
    await server.stop();
  }
}

/** The caller's final status for a call to the account, with a stand-in renderer that answers. */
async function callIn(core: SoftphoneCore, accountId: string, caller: SipPeer, target: string, acceptedRefreshCount: () => number): Promise<number> {
  await caller.start();
  await caller.register();
  const window = new NodeCallWindow(core, { answersCalls: true });
  await window.open(accountId);
  try {
    // Kamailio counts expiry in whole seconds, so a short binding may lapse for
    // a moment before its refresh lands: call just after a refresh was
    // accepted (a 200; a challenge on its own re-binds nothing).
    const accepted = acceptedRefreshCount();
    await waitFor('an accepted refresh', () => acceptedRefreshCount() > accepted, 10_000);
    return await caller.call(target, CANNED_SDP);
  } finally {
    await window.close();
  }
}

interface RegisterAnswer {
  readonly status: number;
  readonly nonce?: string;
  readonly isStale: boolean;
}

/** Final answers the server sent to REGISTERs. */
function registerAnswers(messages: readonly TappedMessage[]): RegisterAnswer[] {
  return messages
    .filter((message) => message.direction === 'to-client' && /^CSeq:\s*\d+\s+REGISTER\s*$/im.test(message.text))
    .map((message) => ({ status: Number(/^SIP\/2\.0 (\d{3})/.exec(message.text)?.[1] ?? 0), text: message.text }))
    .filter((answer) => answer.status >= 200)
    .map(({ status, text }) => {
      const challenge = /^(?:WWW|Proxy)-Authenticate:(.*)$/im.exec(text)?.[1] ?? '';
      return { status, nonce: /nonce="([^"]*)"/i.exec(challenge)?.[1], isStale: /stale\s*=\s*"?true/i.test(challenge) };
    });
}

function summarizeWire(messages: readonly TappedMessage[]): string[] {
  const start = messages[0]?.at ?? 0;
  return messages.map((message) => {
    const lines = message.text.split('\r\n');
    const cseq = lines.find((line) => /^CSeq:/i.test(line)) ?? '';
    return `${message.at - start} ${message.direction} ${lines[0]} ${cseq}`;
  });
}

function registeredFraction(changes: readonly StatusChange[], from: number, to: number): number {
  let registeredMs = 0;
  for (const [index, change] of changes.entries()) {
    if (change.status.kind !== 'registered') continue;
    const start = Math.max(change.at, from);
    const end = Math.min(changes[index + 1]?.at ?? to, to);
    if (end > start) registeredMs += end - start;
  }
  return to > from ? registeredMs / (to - from) : 0;
}
