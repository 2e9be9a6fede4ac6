/**
 * `npm run bench`: the softphone's figures next to a bare sip.js baseline
 * measured in the same run against the same Kamailio, so the ratios mean
 * something on any machine (sections that kill or freeze the server start a
 * Kamailio of their own, which both sides share). Prints a summary and
 * writes bench-results.json at the repository root (flat numbers, ms unless
 * the key says otherwise; null where nothing could be measured) and the raw
 * samples to test-results/bench-samples.json.
 *
 * Sections (in run order): register, relay (main's cost per relayed SIP
 * message against one bare sip.js parse, in-process), gateway (the media
 * gateway's CPU, latency, loss and memory per call; GATEWAY_BENCH_SECONDS),
 * udp (UDP call setup against baresip calling the same callee, UDP recovery
 * after server restarts),
 * calls (also the first call after start against a warm call after the
 * same pause), answer (Answer clicked → first audio at the answerer), calls50 (50 sequential calls:
 * setup p50/p95, renderer heap growth, peer connections left open), messaging (chat
 * delivery and voicemail count latency, core to core), lamps (busy lamp update,
 * 50 lamps back after a server restart, idle memory with 50 lamps), recovery (server restarts),
 * dead-peer (frozen server), hardening (registration soak with 1 s nonces,
 * RFC 4475 torture and seeded fuzz at a hostile server; ~3 min), idle
 * (memory, CPU and keep-alive bytes; the longest, ~4.5 min at the default
 * --idle-seconds).
 *
 * Flags:
 *   --only=<section>[,<section>]  run some sections; their keys are merged
 *                                 into an existing bench-results.json
 *   --samples=<n>                 measured repetitions per side (default 12, ≥ 10)
 *   --warmups=<n>                 discarded repetitions per side first (default 1)
 *   --no-cpu-split                calls: let every process use every CPU (see cpu-isolation.ts)
 *   --idle-seconds=<n>            idle, lamps: how long each core sits idle before it is sampled (default 60)
 *
 * Run it inside a loopback-only network namespace (scripts/run-bench.sh does).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startKamailio } from '../support/kamailio';
import { assertE2ePrerequisites } from '../support/softphone-under-test';
import { startBenchPages } from './bench-pages';
import type { BenchContext, BenchSection, SectionResult } from './bench-section';
import { Cleanup } from './cleanup';
import { planCpuSplit } from './cpu-isolation';
import { callsSection } from './sections/calls';
import { answerSection } from './sections/answer';
import { calls50Section } from './sections/calls50';
import { deadPeerSection } from './sections/dead-peer';
import { gatewaySection } from './sections/gateway';
import { hardeningSection } from './sections/hardening';
import { idleSection } from './sections/idle';
import { lampsSection } from './sections/lamps';
import { messagingSection } from './sections/messaging';
import { presenceSection } from './sections/presence';
import { recoverySection } from './sections/recovery';
import { registerSection } from './sections/register';
import { relaySection } from './sections/relay';
import { udpSection } from './sections/udp';

/** In run order. Add new sections here. */
const SECTIONS: readonly BenchSection[] = [
  registerSection,
  relaySection,
  gatewaySection,
  udpSection,
  callsSection,
  answerSection,
  calls50Section,
  messagingSection,
  lampsSection,
  presenceSection,
  recoverySection,
  deadPeerSection,
  hardeningSection,
  idleSection,
];

const RESULTS_FILE = resolve('bench-results.json');
const SAMPLES_FILE = resolve('test-results/bench-samples.json');
const MIN_SAMPLES = 10;

interface Options {
  readonly sections: readonly BenchSection[];
  readonly samples: number;
  readonly warmups: number;
  readonly isPartial: boolean;
  readonly splitCpus: boolean;
  readonly idleSeconds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' },
      samples: { type: 'string' },
      warmups: { type: 'string' },
      'no-cpu-split': { type: 'boolean' },
      'idle-seconds': { type: 'string' },
    },
    strict: true,
  });
  const samples = values.samples === undefined ? 12 : Number(values.samples);
  if (!Number.isInteger(samples) || samples < MIN_SAMPLES) throw new Error(`--samples must be an integer ≥ ${MIN_SAMPLES} (medians over at least ${MIN_SAMPLES} runs)`);
  const warmups = values.warmups === undefined ? 1 : Number(values.warmups);
  if (!Number.isInteger(warmups) || warmups < 0) throw new Error('--warmups must be an integer ≥ 0');
  const idleSeconds = values['idle-seconds'] === undefined ? 60 : Number(values['idle-seconds']);
  if (!Number.isInteger(idleSeconds) || idleSeconds < 5) throw new Error('--idle-seconds must be an integer ≥ 5');
  const common = { samples, warmups, idleSeconds, splitCpus: values['no-cpu-split'] !== true };
  if (values.only === undefined) return { ...common, sections: SECTIONS, isPartial: false };
  const names = values.only.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !SECTIONS.some((section) => section.name === name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--only: unknown section ${unknown.join(', ') || '(none)'}; sections: ${SECTIONS.map((section) => section.name).join(', ')}`);
  }
  return { ...common, sections: SECTIONS.filter((section) => names.includes(section.name)), isPartial: true };
}

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  assertE2ePrerequisites();
  const startedAt = Date.now();
  const cleanup = new Cleanup();
  const results: { section: BenchSection; result: SectionResult }[] = [];
  try {
    const cpu = options.splitCpus ? planCpuSplit() : undefined;
    if (cpu) cleanup.add('cpu split', () => cpu.dispose());
    const kamailio = await startKamailio();
    cleanup.add('kamailio', () => kamailio.stop());
    const pages = await startBenchPages();
    cleanup.add('bench pages', () => pages.close());
    const context: BenchContext = { kamailio, pages, cpu, samples: options.samples, warmups: options.warmups, idleSeconds: options.idleSeconds, log };
    log(`Kamailio on ${kamailio.wsUrl}; ${options.samples} samples + ${options.warmups} warm-up per side; sections: ${options.sections.map((s) => s.name).join(', ')}`);
    log(cpu ? `CPU split for calls: tested parties on ${cpu.testedCpus}, Kamailio and callee on ${cpu.peerCpus}` : 'CPUs: not split');
    for (const section of options.sections) {
      log(`section ${section.name}: ${section.title}`);
      results.push({ section, result: await section.run(context) });
    }
  } finally {
    await cleanup.run();
  }

  const figures: Record<string, number | null> = {};
  for (const { result } of results) Object.assign(figures, result.figures);
  const written = options.isPartial ? { ...readPreviousResults(), ...figures } : figures;
  writeFileSync(RESULTS_FILE, `${JSON.stringify(written, null, 2)}\n`);
  mkdirSync(resolve('test-results'), { recursive: true });
  const samples = Object.fromEntries(results.map(({ section, result }) => [section.name, result.samples ?? null]));
  writeFileSync(SAMPLES_FILE, `${JSON.stringify(samples, null, 2)}\n`);

  const lines = [
    '',
    `Softphone vs bare sip.js baseline, same Kamailio and run, medians of ${options.samples} per side unless a line says otherwise (ratio = softphone / baseline)`,
    '',
    ...results.flatMap(({ result }) => result.summary),
    '',
    `wrote ${RESULTS_FILE}${options.isPartial ? ' (merged into the previous results)' : ''}; raw samples in ${SAMPLES_FILE}`,
    `took ${((Date.now() - startedAt) / 1000).toFixed(0)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function readPreviousResults(): Record<string, unknown> {
  if (!existsSync(RESULTS_FILE)) return {};
  try {
    const previous: unknown = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
    return previous !== null && typeof previous === 'object' && !Array.isArray(previous) ? (previous as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

main().then(
  // Everything we started is stopped by now; exit even if a library left a handle open.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
