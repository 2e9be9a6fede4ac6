/**
 * `npm run sip-server`: a local Kamailio with the demo accounts, for trying
 * the softphone by hand.
 *
 *   npm run sip-server -- [--ws-port 5066] [--udp-port 5060]
 *
 * Ports may also come from SIP_WS_PORT / SIP_UDP_PORT. Stops Kamailio on
 * Ctrl+C or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEMO_USERS, startKamailio, type KamailioServer } from './kamailio';

const DEFAULT_WS_PORT = 5066;
const DEFAULT_UDP_PORT = 5060;
const FEATURED_USERS = ['alice', 'bob', 'carol', 'dave'];
const LIVENESS_INTERVAL_MS = 1_000;

const USAGE = `Usage: npm run sip-server -- [--ws-port N] [--udp-port N]

  --ws-port N    SIP over WebSocket port on 127.0.0.1 (env SIP_WS_PORT, default ${DEFAULT_WS_PORT})
  --udp-port N   SIP over UDP port on 127.0.0.1 (env SIP_UDP_PORT, default ${DEFAULT_UDP_PORT})
`;

interface CliOptions {
  wsPort: number;
  udpPort: number;
}

function parsePort(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return port;
}

function parseCli(argv: string[]): CliOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      'ws-port': { type: 'string' },
      'udp-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  return {
    wsPort: parsePort(values['ws-port'] ?? process.env.SIP_WS_PORT, DEFAULT_WS_PORT, '--ws-port'),
    udpPort: parsePort(values['udp-port'] ?? process.env.SIP_UDP_PORT, DEFAULT_UDP_PORT, '--udp-port'),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => '  ' + row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('   ').trimEnd()).join('\n');
}

function describe(server: KamailioServer): string {
  const accounts = FEATURED_USERS.map((user) => [user, `${user}@${server.domain}`, DEMO_USERS[user] ?? '']);
  return [
    'Demo SIP server (Kamailio) is running.',
    '',
    table([
      ['WebSocket URL', server.wsUrl],
      ['SIP domain', server.domain],
      ['SIP over UDP', `127.0.0.1:${server.udpPort} (for SIPp)`],
    ]),
    '',
    table([['User', 'SIP address', 'Password'], ...accounts]),
    '',
    `  Also user001 … user100, password pass-user001 … pass-user100.`,
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Keeps the process alive (the harness does not hold the event loop) and notices a crash. */
function watch(server: KamailioServer): void {
  const timer = setInterval(() => {
    if (processExists(server.pid)) return;
    clearInterval(timer);
    console.error(`Kamailio exited unexpectedly. Last log lines:\n${server.logs().split('\n').slice(-30).join('\n')}`);
    process.exit(1);
  }, LIVENESS_INTERVAL_MS);
}

function stopOnSignals(server: KamailioServer): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Kamailio …`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const server = await startKamailio({ users: DEMO_USERS, wsPort: options.wsPort, udpPort: options.udpPort });
  stopOnSignals(server);
  watch(server);
  console.log(describe(server));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
