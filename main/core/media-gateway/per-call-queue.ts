/**
 * Runs each call's work one piece at a time, in the order it came (an offer
 * and its answer must not interleave), while different calls never wait for
 * each other.
 */
export class PerCallQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` after the earlier work of `callId`, whether that succeeded or failed. */
  run(callId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.tails.get(callId) ?? Promise.resolve()).then(work, work);
    this.tails.set(callId, next);
    // Forget a call's tail once it is done, so ended calls leave nothing behind.
    void next.finally(() => {
      if (this.tails.get(callId) === next) this.tails.delete(callId);
    }).catch(() => undefined);
    return next;
  }

  /** Calls with work still queued or running. */
  get busyCalls(): number {
    return this.tails.size;
  }
}
