/**
 * Drives a {@link HostileSipServer} against a softphone connected to it and
 * observes what a peer would: the answers that come back (matched to each
 * message by Call-ID, or by Via branch when it has none), and whether the
 * process under test threw (an uncaught exception or an unhandled
 * rejection, which would end Electron's main process).
 */
import { startTestCore, type TestCore } from './core-fixture';
import { startHostileSipServer, type HostileSipServer } from './hostile-sip-server';
import { fuzzMessages, type FuzzTarget } from './sip-fuzzer';
import type { SipMessage } from './raw-sip-client';
import { tortureCases, type TortureCase } from './sip-torture-messages';
import { sleep } from './wait-for';

export interface HostileSession {
  readonly server: HostileSipServer;
  readonly phone: TestCore;
  readonly accountId: string;
  readonly user: string;
  stop(): Promise<void>;
}

export const HOSTILE_USER = 'alice';
const STOP_TIMEOUT_MS = 10_000;

/**
 * The main core with one account registered at a fresh hostile server and
 * no window: held calls wait `rendererWaitMs` for one, an unanswered
 * REGISTER is given up after 3 s, and the reachability probe runs once.
 */
export async function startHostileSession(rendererWaitMs: number): Promise<HostileSession> {
  const password = 'pass-alice';
  const server = await startHostileSipServer({ users: { [HOSTILE_USER]: password } });
  const phone = startTestCore({ tuning: { rendererWaitMs, registerTimeoutMs: 3_000, reachabilityIntervalMs: 600_000 } });
  try {
    const accountId = await phone.addAccount({ sipAddress: `${HOSTILE_USER}@${server.domain}`, password, serverUrl: server.url });
    await phone.waitForStatus(accountId, 'registered');
    return {
      server,
      phone,
      accountId,
      user: HOSTILE_USER,
      /** Rejects when the core does not stop within 10 s (e.g. a connection that can no longer close). */
      async stop() {
        try {
          await Promise.race([
            phone.stop(),
            sleep(STOP_TIMEOUT_MS).then(() => {
              throw new Error(`the core did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
            }),
          ]);
        } finally {
          await server.close();
        }
      },
    };
  } catch (error) {
    await phone.stop();
    await server.close();
    throw error;
  }
}

/** Records uncaught exceptions and unhandled rejections while installed. */
export class CrashWatch {
  readonly events: { readonly kind: 'uncaughtException' | 'unhandledRejection'; readonly error: string; readonly at: number }[] = [];
  private readonly onException = (error: unknown): void => void this.events.push({ kind: 'uncaughtException', error: describe(error), at: Date.now() });
  private readonly onRejection = (error: unknown): void => void this.events.push({ kind: 'unhandledRejection', error: describe(error), at: Date.now() });

  install(): this {
    process.on('uncaughtException', this.onException);
    process.on('unhandledRejection', this.onRejection);
    return this;
  }

  uninstall(): void {
    process.off('uncaughtException', this.onException);
    process.off('unhandledRejection', this.onRejection);
  }

  since(at: number): number {
    return this.events.filter((event) => event.at >= at).length;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error);
}

export interface CaseOutcome {
  readonly name: string;
  readonly expected: readonly number[];
  /** Final status codes received (more than one is a defect too). */
  readonly finals: readonly number[];
  readonly provisionals: readonly number[];
  readonly crashes: number;
  /** False when the softphone was not connected, so the message could not be sent. */
  readonly wasSent: boolean;
}

export interface StormTiming {
  /** How long to wait for an expected final answer. */
  readonly answerTimeoutMs: number;
  /** How long to wait for the softphone to reconnect before sending. */
  readonly reconnectTimeoutMs: number;
  /** How long to listen for an answer that must not come. */
  readonly quietMs: number;
}

/** Sends one message and collects the answers the softphone sends back to it. */
export async function sendAndCollect(server: HostileSipServer, watch: CrashWatch, sent: TortureCase, timing: StormTiming): Promise<CaseOutcome> {
  if (!(await server.waitForClient(timing.reconnectTimeoutMs))) {
    return { name: sent.name, expected: sent.answers, finals: [], provisionals: [], crashes: 0, wasSent: false };
  }
  const since = Date.now();
  const matches = answerMatcher(sent.text);
  const answers = (): SipMessage[] => server.received.filter((entry) => entry.at >= since && matches(entry.message)).map((entry) => entry.message);
  server.send(sent.text);
  if (sent.answers.length === 0) {
    await sleep(timing.quietMs);
  } else {
    const deadline = since + timing.answerTimeoutMs;
    while (Date.now() < deadline && !answers().some((answer) => (answer.status ?? 0) >= 200)) await sleep(20);
    await sleep(30); // a second final answer, if any, shows up too
  }
  const statuses = answers().map((answer) => answer.status ?? 0);
  return {
    name: sent.name,
    expected: sent.answers,
    finals: statuses.filter((status) => status >= 200),
    provisionals: statuses.filter((status) => status < 200),
    crashes: watch.since(since),
    wasSent: true,
  };
}

/** Every RFC 4475 case in turn, addressed to the session's account; `wrong` describes each that went wrong. */
export async function runTorture(server: HostileSipServer, watch: CrashWatch, timing: StormTiming): Promise<{ outcomes: CaseOutcome[]; wrong: string[] }> {
  const cases = tortureCases({ user: HOSTILE_USER, domain: server.domain });
  const outcomes: CaseOutcome[] = [];
  for (const tortureCase of cases) outcomes.push(await sendAndCollect(server, watch, tortureCase, timing));
  const wrong = outcomes.filter((outcome, index) => !isAsExpected(outcome, cases[index]!)).map((outcome) => describeOutcome(outcome, cases));
  return { outcomes, wrong };
}

/** The answers the case asks for, exactly one final, ringing first where it rings, nothing thrown. */
export function isAsExpected(outcome: CaseOutcome, tortureCase: TortureCase): boolean {
  if (outcome.crashes > 0 || !outcome.wasSent) return false;
  if (tortureCase.answers.length === 0) return outcome.finals.length === 0 && outcome.provisionals.length === 0;
  if (outcome.finals.length !== 1 || !tortureCase.answers.includes(outcome.finals[0]!)) return false;
  return !tortureCase.rings || outcome.provisionals.includes(180);
}

/** One line for a failure report: what was expected and what came back. */
export function describeOutcome(outcome: CaseOutcome, cases: readonly TortureCase[] = []): string {
  if (!outcome.wasSent) return `${outcome.name}: not sent, the softphone was not connected`;
  const rings = cases.find((tortureCase) => tortureCase.name === outcome.name)?.rings === true;
  const expected = `${rings ? '180 then ' : ''}${outcome.expected.join('/') || 'no answer'}`;
  const got = [...outcome.provisionals, ...outcome.finals].join(', ') || 'no answer';
  const crashed = outcome.crashes > 0 ? `, ${outcome.crashes} exception(s)` : '';
  return `${outcome.name}: expected ${expected}, got ${got}${crashed}`;
}

/** Answers to a message: same Call-ID, or (a message without one) the same top Via branch. */
function answerMatcher(text: string): (message: SipMessage) => boolean {
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const callIds = [...head.matchAll(/^(?:call-id|i)[ \t]*:[ \t]*(.*)$/gim)].map((match) => match[1]!.trim());
  const branch = /branch[ \t]*=[ \t]*([^;,\s]+)/i.exec(head)?.[1];
  return (message) => {
    if (message.status === undefined) return false;
    if (callIds.length > 0) return callIds.includes((message.header('call-id') ?? '').trim());
    return branch !== undefined && (message.header('via') ?? '').includes(branch);
  };
}

export interface FuzzOutcome {
  readonly sent: number;
  readonly crashes: number;
  /** Labels of the messages after which the process threw, for replay. */
  readonly crashedOn: readonly string[];
  /** Messages that could not be sent because no client was connected. */
  readonly unsent: number;
}

/** Sends `count` seeded mutations, yielding to the event loop every few so the softphone keeps up. */
export async function runFuzz(
  server: HostileSipServer,
  watch: CrashWatch,
  { seed, count, reconnectTimeoutMs }: { seed: number; count: number; reconnectTimeoutMs: number },
  target: () => FuzzTarget,
): Promise<FuzzOutcome> {
  const crashedOn: string[] = [];
  let crashes = 0;
  let sent = 0;
  let unsent = 0;
  let isWaitingWorthwhile = true;
  for (const message of fuzzMessages(seed, count, target)) {
    const before = watch.events.length;
    // A dropped connection may come back; one that stays down is not waited for again.
    if (!server.isClientConnected && isWaitingWorthwhile) isWaitingWorthwhile = await server.waitForClient(reconnectTimeoutMs);
    if (server.isClientConnected) {
      isWaitingWorthwhile = true;
      server.send(message.data);
      sent += 1;
    } else {
      unsent += 1;
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (message.index % 20 === 19) await sleep(5);
    if (watch.events.length > before) {
      crashes += watch.events.length - before;
      crashedOn.push(`seed ${seed} #${message.index}: ${message.label}`);
    }
  }
  return { sent, crashes, crashedOn, unsent };
}
