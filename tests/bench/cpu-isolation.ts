/**
 * Splits the machine's CPUs between the parties being compared and the rest
 * of the world, for the sections that need it (calls).
 *
 * Every party runs on this one machine, while in real life the callee and
 * the server are elsewhere. Whatever a caller does during call setup (the
 * softphone's renderer re-rendering, its main process relaying and publishing
 * snapshots) otherwise competes with the callee building its answer, and the
 * callee's INVITE → 200 grows with the caller's CPU use: measured on 2 CPUs
 * without the split, the callee took ~10 ms longer to answer the softphone
 * than the baseline, a large part of the gap in call setup. With the split
 * the callee answers both alike (the calls section prints both).
 *
 * So Kamailio and the callee's Chromium (through a `taskset` wrapper as its
 * executable) get CPUs of their own, and this process, with everything it
 * starts afterwards (the callers' browsers, the softphone's core), is
 * confined to the others. Both callers get the same CPUs.
 *
 * The cost: fewer CPUs for the tested parties, and on 2 CPUs that is one, on
 * which every hop between processes waits for the scheduler; registration,
 * which has no callee to protect, took twice as long that way for both
 * sides, so the register section runs without the split.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from '../support/softphone-under-test';

export interface CpuSplit {
  /** This process, the callers' browsers and the softphone's core. */
  readonly testedCpus: string;
  /** Kamailio and the callee. */
  readonly peerCpus: string;
  /** Chromium started through `taskset` on the peer CPUs. */
  readonly peerChromium: string;
  /**
   * Confines this process (and what it starts from now on) to the tested
   * CPUs, and every process of the given groups (e.g. Kamailio's) to the peer CPUs.
   */
  apply(peerGroups: readonly number[]): void;
  /** Every CPU for this process and those groups again. */
  undo(): void;
  /** Removes the wrapper. */
  dispose(): void;
}

const TASKSET = '/usr/bin/taskset';

/** Undefined with a single CPU or without taskset. Changes nothing until `apply`. */
export function planCpuSplit(): CpuSplit | undefined {
  if (!existsSync(TASKSET)) return undefined;
  const cpus = currentCpus();
  if (cpus.length < 2) return undefined;
  const allCpus = cpus.join(',');
  const peerCount = Math.max(1, Math.floor(cpus.length / 4));
  const testedCpus = cpus.slice(0, cpus.length - peerCount).join(',');
  const peerCpus = cpus.slice(cpus.length - peerCount).join(',');
  const directory = mkdtempSync(join(tmpdir(), 'softphone-bench-cpu-'));
  const peerChromium = join(directory, 'chromium-on-peer-cpus');
  writeFileSync(peerChromium, `#!/bin/sh\nexec ${TASKSET} -c ${peerCpus} ${CHROMIUM} "$@"\n`);
  chmodSync(peerChromium, 0o755);
  let groups: readonly number[] = [];
  return {
    testedCpus,
    peerCpus,
    peerChromium,
    apply(peerGroups) {
      groups = peerGroups;
      // -a: every thread of this process; children started later inherit the mask.
      setAffinity(process.pid, testedCpus);
      for (const pgid of groups) processesOfGroup(pgid).forEach((pid) => setAffinity(pid, peerCpus));
    },
    undo() {
      setAffinity(process.pid, allCpus);
      for (const pgid of groups) processesOfGroup(pgid).forEach((pid) => setAffinity(pid, allCpus));
      groups = [];
    },
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}

function setAffinity(pid: number, cpus: string): void {
  try {
    execFileSync(TASKSET, ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  } catch {
    // The process exited meanwhile.
  }
}

/** The CPUs this process may run on, e.g. [0, 1]. */
function currentCpus(): number[] {
  // "pid 123's current affinity list: 0-3,6"
  const output = execFileSync(TASKSET, ['-c', '-p', String(process.pid)], { encoding: 'utf8' });
  return output
    .slice(output.lastIndexOf(':') + 1)
    .trim()
    .split(',')
    .flatMap((range) => {
      const [first = 0, last = first] = range.split('-').map(Number);
      return Array.from({ length: last - first + 1 }, (_, index) => first + index);
    });
}

function processesOfGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …": comm may contain spaces and ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // exited while we were looking
    }
  }
  return pids;
}
