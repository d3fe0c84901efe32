/** Counts one hit for `key`: 0 when allowed, else the seconds until the key may try again. */
export interface Limiter {
  hit(key: string, now?: number): number | Promise<number>;
}

/**
 * Counters shared by every instance of the app, for a runtime of many isolates that share no
 * memory (Workers: its rate-limiting bindings). Each one missing is counted in this process's memory.
 */
export interface Limiters {
  /** questionnaire submissions per client address */
  submitPerAddress?: Limiter;
  /** questionnaire submissions per device cookie */
  submitPerDevice?: Limiter;
  /** invitations API requests per API key */
  invitationApi?: Limiter;
}

/**
 * Fixed-window counters in memory: enough for one Node process (the Workers entry uses its
 * bindings). Keys expire with their window, so memory stays bounded by the traffic of one window.
 */
export class RateLimiter implements Limiter {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit; returns 0 when allowed, else the seconds until the key may try again. */
  hit(key: string, now = Date.now()): number {
    this.sweep(now);
    const entry = this.counts.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      this.counts.set(key, { windowStart: now, count: 1 });
      return 0;
    }
    entry.count += 1;
    if (entry.count <= this.limit) return 0;
    return Math.max(1, Math.ceil((entry.windowStart + this.windowMs - now) / 1000));
  }

  private sweep(now: number) {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, entry] of this.counts) if (now - entry.windowStart >= this.windowMs) this.counts.delete(key);
  }
}
