/**
 * The main core registered at a hostile server: a scripted SIP-over-
 * WebSocket server sends it the RFC 4475 torture messages, malformed answers
 * to its REGISTERs, requests for dialogs that never existed and 2000 seeded
 * fuzz mutations. Observed as a peer would: the answer each request gets,
 * and whether the process threw (an uncaught exception or unhandled
 * rejection ends Electron's main process). No window is open, so main alone
 * must answer everything.
 *
 * A fuzz failure names its seed and index: `fuzzMessages(seed, n, …)`
 * replays it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import type { TestCore } from '../support/core-fixture';
import { respond, type HostileSipServer, type RegisterAnswerScript } from '../support/hostile-sip-server';
import { CrashWatch, describeOutcome, HOSTILE_USER as USER, runFuzz, runTorture, sendAndCollect, startHostileSession, type CaseOutcome, type HostileSession } from '../support/hostile-storm';
import type { TortureCase } from '../support/sip-torture-messages';
import { sleep, waitFor } from '../support/wait-for';

const FUZZ_SEED = 4475;
const FUZZ_COUNT = 2000;
const RENDERER_WAIT_MS = 300;
const RECONNECT_TIMEOUT_MS = 5_000;
const TIMING = { answerTimeoutMs: RENDERER_WAIT_MS + 1_200, quietMs: 150, reconnectTimeoutMs: RECONNECT_TIMEOUT_MS };

describe('a hostile server', () => {
  let session: HostileSession;
  let server: HostileSipServer;
  let phone: TestCore;
  let accountId: string;
  const watch = new CrashWatch();

  before(async () => {
    watch.install();
    session = await startHostileSession(RENDERER_WAIT_MS);
    ({ server, phone, accountId } = session);
  });
  after(async () => {
    await session?.stop();
    watch.uninstall();
  });

  test('RFC 4475 torture messages: each gets the answer RFC 3261 asks for, and nothing throws', async () => {
    const { outcomes, wrong } = await runTorture(server, watch, TIMING);
    assert.ok(outcomes.length >= 40, `${outcomes.length} torture cases`);
    const liveness = await optionsStatus(server);
    if (liveness !== 200) wrong.push(`afterwards a plain OPTIONS got ${liveness || 'no answer'}`);
    assert.deepEqual(wrong, [], `${wrong.length} problems with ${outcomes.length} torture cases`);
  });

  /**
   * Each test judges its own messages: if an earlier one left the softphone
   * disconnected (that test already failed for it), start afresh with
   * "Retry now" first.
   */
  async function startConnected(): Promise<void> {
    if (server.isClientConnected && phone.account(accountId)?.status.kind === 'registered') return;
    await phone.invoke('accounts:retry', { id: accountId });
    await phone.waitForStatus(accountId, 'registered', 10_000);
  }

  test('requests inside dialogs nobody knows get 481', async () => {
    await startConnected();
    const outcomes: CaseOutcome[] = [];
    for (const method of ['BYE', 'INFO', 'INVITE', 'NOTIFY', 'UPDATE']) {
      outcomes.push(await sendAndCollect(server, watch, unknownDialogRequest(method, server.domain), TIMING));
    }
    outcomes.push(await sendAndCollect(server, watch, unknownCancel(server.domain), TIMING));
    const wrong = outcomes.filter((outcome) => outcome.finals.length !== 1 || outcome.finals[0] !== 481 || outcome.crashes > 0);
    assert.deepEqual(wrong.map((outcome) => describeOutcome(outcome)), []);
  });

  test('malformed answers to REGISTER: no Contact, wrong CSeq, wrong Call-ID, huge headers, garbage; the account registers again each time', async () => {
    const scripts: Record<string, RegisterAnswerScript> = {
      'no Contact': (_request, normal) => normal.replace(/^Contact:.*\r\n/im, ''),
      'wrong CSeq': (_request, normal) => normal.replace(/^CSeq:\s*(\d+)/im, (_line, cseq: string) => `CSeq: ${Number(cseq) + 7}`),
      'wrong Call-ID': (_request, normal) => normal.replace(/^Call-ID:.*$/im, 'Call-ID: not-the-one-you-sent@hostile.test'),
      'huge headers': (_request, normal) => normal.replace('\r\nContent-Length', `\r\nX-Padding: ${'x'.repeat(60_000)}\r\nWarning: 399 hostile "${'y'.repeat(4_000)}"\r\nContent-Length`),
      'binary frame': () => randomBytes(512),
      'garbage text': () => randomBytes(512).toString('latin1'),
      '200 for another Contact': (request, normal) => normal.replace(/^Contact:.*$/im, `Contact: <sip:${USER}@elsewhere.invalid;transport=ws>;expires=300`) || respond(request, 200, 'OK'),
    };
    await startConnected();
    const failures: string[] = [];
    for (const [name, script] of Object.entries(scripts)) {
      const bindingsBefore = server.bindings;
      const crashesBefore = watch.events.length;
      server.answerNextRegisterWith(script);
      phone.core.notifySystemEvent('resume');
      await sleep(1_000);
      // Whatever the softphone made of that answer, the next refresh must work.
      phone.core.notifySystemEvent('resume');
      try {
        await waitFor(`a new binding after "${name}"`, () => server.bindings > bindingsBefore, 10_000);
        await phone.waitForStatus(accountId, 'registered', 5_000);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message} (status ${JSON.stringify(phone.account(accountId)?.status)})`);
      }
      if (watch.events.length > crashesBefore) failures.push(`${name}: threw ${JSON.stringify(watch.events.slice(crashesBefore))}`);
      // Judge each answer on its own: a stuck account starts afresh ("Retry now").
      if (phone.account(accountId)?.status.kind !== 'registered' || failures.length > 0) {
        await phone.invoke('accounts:retry', { id: accountId });
        await phone.waitForStatus(accountId, 'registered', 10_000).catch(() => undefined);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('stray answers to a REGISTER already answered (401s with new nonces, one without a challenge, a 403) change nothing', async () => {
    await startConnected();
    const answered = server.lastRegister ?? assert.fail('no REGISTER seen');
    const since = Date.now();
    const kindsBefore = phone.account(accountId)?.status.kind;
    for (let index = 0; index < 6; index += 1) {
      server.send(respond(answered, 401, 'Unauthorized', [`WWW-Authenticate: Digest realm="${server.domain}", nonce="stray${index}", algorithm=MD5`]));
    }
    server.send(respond(answered, 401, 'Unauthorized'));
    server.send(respond(answered, 403, 'Forbidden'));
    await sleep(500);
    assert.equal(kindsBefore, 'registered');
    assert.deepEqual(
      { status: phone.account(accountId)?.status.kind, threw: watch.since(since) },
      { status: 'registered', threw: 0 },
      'a REGISTER has one final answer; later ones are not the server refusing the password',
    );
    assert.equal(await optionsStatus(server), 200);
  });

  test(`${FUZZ_COUNT} seeded fuzz mutations (seed ${FUZZ_SEED}): nothing throws`, async () => {
    await startConnected();
    const outcome = await runFuzz(server, watch, { seed: FUZZ_SEED, count: FUZZ_COUNT, reconnectTimeoutMs: RECONNECT_TIMEOUT_MS }, () => ({
      user: USER,
      domain: server.domain,
      lastRegister: server.lastRegister?.raw,
    }));
    assert.equal(outcome.sent + outcome.unsent, FUZZ_COUNT);
    const problems = [...outcome.crashedOn.map((label) => `threw after ${label}`)];
    if (outcome.unsent > 0) problems.push(`the connection stayed down: ${outcome.unsent} messages could not be sent`);
    problems.push(...(phone.account(accountId)?.status.kind === 'failed' ? [`the account gave up: ${JSON.stringify(phone.account(accountId)?.status)}`] : []));
    assert.deepEqual(problems, []);
  });

  test('after the storm: a plain OPTIONS is answered, a REGISTER round trip works and the account is Registered', async () => {
    await sleep(RENDERER_WAIT_MS * 2);
    assert.ok(await server.waitForClient(RECONNECT_TIMEOUT_MS), 'the softphone is connected');
    assert.equal(await optionsStatus(server), 200);
    const bindingsBefore = server.bindings;
    phone.core.notifySystemEvent('resume');
    await waitFor('a REGISTER round trip', () => server.bindings > bindingsBefore, 10_000);
    await phone.waitForStatus(accountId, 'registered', 5_000);
    assert.deepEqual(watch.events, [], 'no uncaught exception or unhandled rejection during the whole storm');
  });
});

let serial = 0;

/** A request for a dialog that never existed (a To-tag nobody issued). */
function unknownDialogRequest(method: string, domain: string): TortureCase {
  serial += 1;
  const body = method === 'INFO' ? 'Signal=5\r\nDuration=160\r\n' : '';
  return {
    name: `${method} in an unknown dialog`,
    category: 'semantic',
    answers: [481],
    text: [
      `${method} sip:${USER}@${domain} SIP/2.0`,
      `Via: SIP/2.0/WS hostile.invalid;branch=z9hG4bKunknown${serial}`,
      'Max-Forwards: 70',
      `From: <sip:someone@${domain}>;tag=from${serial}`,
      `To: <sip:${USER}@${domain}>;tag=nobody-issued-this-${serial}`,
      `Call-ID: unknown-dialog-${serial}@hostile.test`,
      `CSeq: 2 ${method}`,
      'Contact: <sip:someone@hostile.invalid;transport=ws>',
      ...(method === 'NOTIFY' ? ['Event: refer', 'Subscription-State: active'] : []),
      ...(body ? ['Content-Type: application/dtmf-relay'] : []),
      `Content-Length: ${body.length}`,
      '',
      body,
    ].join('\r\n'),
  };
}

/** A CANCEL for an INVITE that was never sent. */
function unknownCancel(domain: string): TortureCase {
  return {
    name: 'CANCEL of an unknown INVITE',
    category: 'semantic',
    answers: [481],
    text: [
      `CANCEL sip:${USER}@${domain} SIP/2.0`,
      'Via: SIP/2.0/WS hostile.invalid;branch=z9hG4bKnever-sent',
      'Max-Forwards: 70',
      `From: <sip:someone@${domain}>;tag=cancel1`,
      `To: <sip:${USER}@${domain}>`,
      'Call-ID: never-sent-invite@hostile.test',
      'CSeq: 1 CANCEL',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  };
}

/** A plain, well-formed OPTIONS; resolves with the final status (0: none within 2 s). */
async function optionsStatus(server: HostileSipServer): Promise<number> {
  serial += 1;
  if (!(await server.waitForClient(RECONNECT_TIMEOUT_MS))) return 0;
  const since = Date.now();
  const callId = `plain-options-${serial}@hostile.test`;
  server.send(
    [
      `OPTIONS sip:${USER}@${server.domain} SIP/2.0`,
      `Via: SIP/2.0/WS hostile.invalid;branch=z9hG4bKplain${serial}`,
      'Max-Forwards: 70',
      `From: <sip:someone@${server.domain}>;tag=plain${serial}`,
      `To: <sip:${USER}@${server.domain}>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
  const answer = await server.nextReceived((message) => message.header('call-id') === callId && (message.status ?? 0) >= 200, since, 2_000).catch(() => undefined);
  return answer?.message.status ?? 0;
}
