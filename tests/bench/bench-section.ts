/**
 * A benchmark section: one module under tests/bench/sections/ that measures
 * one thing and returns a partial record; run-bench merges the records into
 * bench-results.json. Add a section by writing a module and listing it in
 * run-bench.ts.
 */
import type { KamailioServer } from '../support/kamailio';
import type { BenchPages } from './bench-pages';
import type { CpuSplit } from './cpu-isolation';

export interface BenchContext {
  /** One Kamailio for the whole run: every figure and its baseline hit the same server. */
  readonly kamailio: KamailioServer;
  readonly pages: BenchPages;
  /** Set unless disabled or impossible; a section that wants it applies it (and undoes it). */
  readonly cpu: CpuSplit | undefined;
  /** Measured repetitions per side (the figures are their medians). */
  readonly samples: number;
  /** Discarded repetitions per side first (JIT, first getUserMedia, caches). */
  readonly warmups: number;
  /** How long the idle section leaves each process idle before sampling it. */
  readonly idleSeconds: number;
  /** Progress, to stderr. */
  log(message: string): void;
}

export interface SectionResult {
  /**
   * Flat numeric figures (ms unless the key says otherwise), merged into
   * bench-results.json; null when there was nothing to measure (e.g. a
   * median over no recovered restarts).
   */
  readonly figures: Record<string, number | null>;
  /** Human-readable summary lines. */
  readonly summary: string[];
  /** Raw samples, written to test-results/bench-samples.json for inspection. */
  readonly samples?: unknown;
}

export interface BenchSection {
  readonly name: string;
  readonly title: string;
  run(context: BenchContext): Promise<SectionResult>;
}
