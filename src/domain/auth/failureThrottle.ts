/**
 * A token bucket per key (the auth service uses a client address and an access key id) for failed
 * credential checks. Every key may fail `burst` times at once and then once per `refillMs`; past
 * that, its requests that would need a secret verification are refused (429) until a token is
 * back. Credentials already verified stay usable: they cost nothing.
 *
 * The map is bounded: when it is full, the entries that have refilled completely (and so carry
 * no information) are dropped, and if none has, the oldest are.
 */
export interface FailureThrottle {
  /** Milliseconds until `address` may try again; 0 when it may now. */
  retryAfterMs(address: string, now?: number): number;
  recordFailure(address: string, now?: number): void;
}

export function createFailureThrottle({
  burst,
  refillMs,
  maxAddresses = 10_000,
}: {
  burst: number;
  refillMs: number;
  maxAddresses?: number;
}): FailureThrottle {
  // Per address: the time at which its bucket would be full again. Tokens left at `now` are
  // (burst - (fullAt - now) / refillMs); no timers needed.
  const fullAt = new Map<string, number>();

  function debt(address: string, now: number): number {
    return Math.max(0, (fullAt.get(address) ?? 0) - now);
  }

  function prune(now: number) {
    for (const [address, at] of fullAt) if (at <= now) fullAt.delete(address);
    for (const address of fullAt.keys()) {
      if (fullAt.size < maxAddresses) break;
      fullAt.delete(address);
    }
  }

  return {
    retryAfterMs(address, now = Date.now()) {
      const owed = debt(address, now);
      const allowance = burst * refillMs;
      return owed + refillMs > allowance ? owed + refillMs - allowance : 0;
    },
    recordFailure(address, now = Date.now()) {
      if (!fullAt.has(address) && fullAt.size >= maxAddresses) prune(now);
      const owed = debt(address, now);
      fullAt.delete(address); // re-inserted last: the map's order is the age order
      fullAt.set(address, now + Math.min(owed + refillMs, burst * refillMs));
    },
  };
}
