/**
 * How many incoming MESSAGEs are taken, per sender and in all, before the
 * rest are refused with a Retry-After (RFC 3261 §20.33).
 *
 * @remarks
 * A token bucket per sender: `burst` messages at once, then one per
 * `refillMs`; beyond that the sender gets 486 Busy Here with the seconds
 * until it may send again. An overall bucket (the same, larger) catches
 * floods spread over many forged senders with 503 Service Unavailable.
 * Memory is bounded: at most `maxSenders` buckets are kept, the least
 * recently used going first (a forgotten sender merely starts with a full
 * bucket again).
 */

export interface SenderRateLimitOptions {
  readonly perSender: { readonly burst: number; readonly refillMs: number };
  readonly overall: { readonly burst: number; readonly refillMs: number };
  readonly maxSenders: number;
}

/** 30 at once, then one every 2 s, per sender; 300 at once, then 20 a second, over all. */
export const SENDER_RATE_LIMIT_DEFAULTS: SenderRateLimitOptions = {
  perSender: { burst: 30, refillMs: 2_000 },
  overall: { burst: 300, refillMs: 50 },
  maxSenders: 1_000,
};

export type Admission = { readonly isAdmitted: true } | { readonly isAdmitted: false; readonly statusCode: 486 | 503; readonly retryAfterSec: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class SenderRateLimit {
  private readonly senders = new Map<string, Bucket>();
  private readonly overall: Bucket;

  constructor(
    private readonly options: SenderRateLimitOptions = SENDER_RATE_LIMIT_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {
    this.overall = { tokens: options.overall.burst, updatedAt: now() };
  }

  /** Takes one message from `sender` if its and the overall budget allow. */
  admit(sender: string): Admission {
    const now = this.now();
    const overallWaitMs = waitMs(refill(this.overall, this.options.overall, now), this.options.overall, now);
    if (overallWaitMs > 0) return { isAdmitted: false, statusCode: 503, retryAfterSec: Math.ceil(overallWaitMs / 1000) };
    const bucket = this.bucketOf(sender, now);
    const senderWaitMs = waitMs(refill(bucket, this.options.perSender, now), this.options.perSender, now);
    if (senderWaitMs > 0) return { isAdmitted: false, statusCode: 486, retryAfterSec: Math.ceil(senderWaitMs / 1000) };
    bucket.tokens -= 1;
    this.overall.tokens -= 1;
    return { isAdmitted: true };
  }

  /** How many senders are remembered now (never more than `maxSenders`). */
  get trackedSenders(): number {
    return this.senders.size;
  }

  private bucketOf(sender: string, now: number): Bucket {
    const bucket = this.senders.get(sender) ?? { tokens: this.options.perSender.burst, updatedAt: now };
    // Re-inserted on every use, so the Map's order is least recently used first.
    this.senders.delete(sender);
    this.senders.set(sender, bucket);
    while (this.senders.size > this.options.maxSenders) this.senders.delete(this.senders.keys().next().value!);
    return bucket;
  }
}

function refill(bucket: Bucket, rate: SenderRateLimitOptions['perSender'], now: number): Bucket {
  const earned = Math.floor((now - bucket.updatedAt) / rate.refillMs);
  if (earned > 0) {
    bucket.tokens = Math.min(rate.burst, bucket.tokens + earned);
    bucket.updatedAt = bucket.tokens === rate.burst ? now : bucket.updatedAt + earned * rate.refillMs;
  }
  return bucket;
}

/** How long until the bucket holds a token (0 when it does). */
function waitMs(bucket: Bucket, rate: SenderRateLimitOptions['perSender'], now: number): number {
  return bucket.tokens >= 1 ? 0 : Math.max(1, rate.refillMs - (now - bucket.updatedAt));
}
