/**
 * Runs SIPp (Debian `sip-tester`), an independent SIP stack, for one
 * scenario against a server on loopback, and says whether every call in it
 * succeeded (SIPp's exit code 0).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SIPP_BINARY = '/usr/bin/sipp';

export interface SippRun {
  readonly exitCode: number | null;
  readonly output: string;
}

/** `scenario`: a file name in tests/support/sipp/; `server`: `127.0.0.1:port`. */
export function runSipp(scenario: string, server: string, options: { service: string; localPort: number; timeoutSec?: number; extraArgs?: readonly string[] }): Promise<SippRun> {
  const scenarioPath = fileURLToPath(new URL(`./sipp/${scenario}`, import.meta.url));
  const args = [
    server,
    '-sf', scenarioPath,
    '-s', options.service,
    '-i', '127.0.0.1',
    '-p', String(options.localPort),
    '-m', '1',
    '-nostdin',
    '-timeout', `${options.timeoutSec ?? 20}s`,
    '-timeout_error',
    ...(options.extraArgs ?? []),
  ];
  return new Promise((resolve) => {
    const child = spawn(SIPP_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
    child.on('error', (error) => resolve({ exitCode: null, output: `${output}\n${error.message}` }));
    child.on('exit', (exitCode) => resolve({ exitCode, output }));
  });
}
