/**
 * Starts idle/idle-child.ts (bundled, see child-bundle.ts) in a Node process of its own and talks to it
 * (child-protocol.ts), so its memory and CPU can be read from /proc without
 * the bench's own (browsers' drivers, Kamailio's logs, other sections' garbage).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { MESSAGE_PREFIX, type ChildCommand, type ChildConfig, type ChildMessage } from './child-protocol';

type MessageOf<T extends ChildMessage['type']> = Extract<ChildMessage, { type: T }>;

export interface CoreChild {
  readonly pid: number;
  readonly ready: MessageOf<'ready'>;
  sample(): Promise<MessageOf<'sample'>>;
  /** A full garbage collection in the child; resolves once it is done. */
  collect(): Promise<MessageOf<'collected'>>;
  /** Asks it to unregister and exit; kills it if it does not in time. Safe to call twice. */
  stop(): Promise<void>;
}

const ANSWER_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 5_000;
const LOG_TAIL_LINES = 40;

/** `script`: the bundled idle-child (child-bundle.ts). */
export async function startCoreChild(script: string, config: ChildConfig, label: string): Promise<CoreChild> {
  const child = spawn(process.execPath, ['--expose-gc', script, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = child.pid;
  const inbox = new Inbox(child, label);
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const kill = async (): Promise<void> => {
    if (hasExited()) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  };
  let ready: MessageOf<'ready'>;
  try {
    ready = await inbox.next('ready', config.registerTimeoutMs + 15_000);
  } catch (error) {
    await kill();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    pid,
    ready,
    sample: () => {
      inbox.command('sample');
      return inbox.next('sample', ANSWER_TIMEOUT_MS);
    },
    collect: () => {
      inbox.command('collect');
      return inbox.next('collected', ANSWER_TIMEOUT_MS);
    },
    stop: () =>
      (stopping ??= (async () => {
        try {
          inbox.command('stop');
          await inbox.next('stopped', STOP_TIMEOUT_MS);
          if (!hasExited()) await exitOrTimeout(child, EXIT_TIMEOUT_MS);
        } finally {
          await kill();
        }
      })()),
  };
}

function exitOrTimeout(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The child's answers in arrival order. Its log (the core's warnings on
 * stderr) is kept, not printed: the last lines go into the error when the
 * child fails.
 */
class Inbox {
  private readonly messages: ChildMessage[] = [];
  private readonly logTail: string[] = [];
  private readonly wakers = new Set<() => void>();
  private exitedWith: string | undefined;

  constructor(
    private readonly child: ChildProcess,
    label: string,
  ) {
    const keep = (line: string): void => {
      this.logTail.push(`[${label}] ${line}`);
      if (this.logTail.length > LOG_TAIL_LINES) this.logTail.shift();
    };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith(MESSAGE_PREFIX)) {
        keep(line);
        return;
      }
      this.messages.push(JSON.parse(line.slice(MESSAGE_PREFIX.length)) as ChildMessage);
      this.wake();
    });
    createInterface({ input: child.stderr! }).on('line', keep);
    child.on('exit', (code, signal) => {
      this.exitedWith = signal ?? `code ${code}`;
      this.wake();
    });
    child.stdin!.on('error', () => undefined); // writing to a child that already exited
  }

  command(command: ChildCommand): void {
    this.child.stdin!.write(`${command}\n`);
  }

  /** The next message, which must be of `type` (an `error` message rejects). */
  next<T extends ChildMessage['type']>(type: T, timeoutMs: number): Promise<MessageOf<T>> {
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wakers.delete(check);
      };
      const check = (): void => {
        const message = this.messages.shift();
        if (message) {
          finish();
          if (message.type === type) resolve(message as MessageOf<T>);
          else reject(this.failure(message.type === 'error' ? `failed: ${message.message}` : `expected ${type}, got ${message.type}`));
        } else if (this.exitedWith !== undefined) {
          finish();
          reject(this.failure(`exited (${this.exitedWith}) before ${type}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(this.failure(`no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.wakers.add(check);
      check();
    });
  }

  private failure(what: string): Error {
    return new Error(`idle child ${what}${this.logTail.length > 0 ? `; its last log lines:\n${this.logTail.join('\n')}` : ''}`);
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}
