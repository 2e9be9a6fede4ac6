/**
 * Notices when the machine's situation changed under us: resume from sleep,
 * network back online, screen unlocked, and sleeps no event reported (a
 * timer that fires far later than asked means the machine was suspended, or
 * the wall clock jumped). Each is a reason to re-register every account at
 * once instead of waiting for a keep-alive to fail.
 *
 * @remarks
 * Runs only while there are accounts: with none, it holds no timer.
 */
import type { RefreshReason } from './account-agent';

export interface SystemSupervisorOptions {
  readonly onEvent: (reason: RefreshReason) => void;
  /** Whether the OS reports a network connection (Electron's `net.isOnline`). */
  readonly isOnline?: () => boolean;
  readonly now?: () => number;
  readonly tickMs?: number;
  /** How much later than expected a tick may fire before we call it a sleep or a clock jump. */
  readonly driftToleranceMs?: number;
}

export class SystemSupervisor {
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private wasOnline = true;
  private readonly now: () => number;
  private readonly tickMs: number;
  private readonly driftToleranceMs: number;

  constructor(private readonly options: SystemSupervisorOptions) {
    this.now = options.now ?? Date.now;
    this.tickMs = options.tickMs ?? 5_000;
    this.driftToleranceMs = options.driftToleranceMs ?? 10_000;
  }

  get isRunning(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.lastTick = this.now();
    this.wasOnline = this.options.isOnline?.() ?? true;
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** An event the platform reported (powerMonitor resume / unlock-screen). */
  notify(reason: RefreshReason): void {
    if (!this.timer) return;
    this.lastTick = this.now();
    this.options.onEvent(reason);
  }

  private tick(): void {
    const now = this.now();
    const elapsed = now - this.lastTick;
    this.lastTick = now;
    if (elapsed > this.tickMs + this.driftToleranceMs || elapsed < -this.driftToleranceMs) {
      this.options.onEvent('clock-jump');
      return;
    }
    const isOnline = this.options.isOnline?.() ?? true;
    if (isOnline && !this.wasOnline) this.options.onEvent('online');
    this.wasOnline = isOnline;
  }
}
