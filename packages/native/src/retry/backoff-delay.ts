/**
 * An exponential backoff schedule with jitter (see {@link backoffDelay}).
 *
 * @example
 * ```ts
 * import type { BackoffOptions } from '@rxdc/native';
 * const backoff: BackoffOptions = { initialDelayMs: 500, factor: 2, maxDelayMs: 30_000, jitter: 0.5 };
 * ```
 */
export interface BackoffOptions {
  /** Delay before the first retry. Default 250 ms. */
  initialDelayMs?: number;
  /** Each delay is this many times the previous one. Default 2. */
  factor?: number;
  /** No delay is longer than this. Default 10 000 ms. */
  maxDelayMs?: number;
  /**
   * Fraction of each delay that is random, from 0 (none) to 1: the delay is drawn uniformly
   * from `[d * (1 - jitter), d]`, so that many clients do not retry in step. Default 0.5.
   */
  jitter?: number;
  /** The random source, in `[0, 1)`. Default `Math.random` (pass a fixed one in tests). */
  random?: () => number;
}

/**
 * The delay before retry number `retry` (1 for the first retry):
 * `min(maxDelayMs, initialDelayMs * factor^(retry - 1))`, less a random part of up to
 * `jitter` of it.
 *
 * @example
 * ```ts
 * import { backoffDelay } from '@rxdc/native';
 * backoffDelay(3, { initialDelayMs: 100, jitter: 0 }); // 400
 * ```
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelayMs ?? 250;
  const factor = options.factor ?? 2;
  const max = options.maxDelayMs ?? 10_000;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const random = options.random ?? Math.random;
  const base = Math.min(max, initial * factor ** Math.max(0, retry - 1));
  return Math.round(base * (1 - jitter * random()));
}
