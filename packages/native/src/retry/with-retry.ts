import { type BackoffOptions, backoffDelay } from './backoff-delay.js';

/**
 * Options of {@link withRetry}: how many tries, which failures are worth another, and the
 * delay before each retry (a {@link backoffDelay} schedule; set `initialDelayMs: 0` for none).
 *
 * @example
 * ```ts
 * import type { RetryOptions } from '@rxdc/native';
 * const options: RetryOptions = { attempts: 4, initialDelayMs: 200, retryIf: (e) => e instanceof TypeError };
 * ```
 */
export interface RetryOptions extends BackoffOptions {
  /** Tries in all, the first included (a whole number >= 1). Default 3. */
  attempts?: number;
  /** Whether a failure of try number `attempt` (1-based) is worth another. Default: every one. */
  retryIf?: (error: unknown, attempt: number) => boolean;
  /** Stops retrying: the promise rejects with the signal's reason before the next try. */
  signal?: AbortSignal;
}

/**
 * Runs `attempt` until it resolves, at most `attempts` times, waiting a backoff delay between
 * tries; rejects with the last failure (or the first one `retryIf` refuses). The one retry
 * helper of rxdc: Observable code uses rx's `retryWithBackoff`, built on the same
 * {@link backoffDelay}.
 *
 * @example
 * ```ts
 * import { withRetry } from '@rxdc/native';
 * const text = await withRetry(async (attempt) => {
 *   if (attempt < 2) throw new Error('not yet');
 *   return `ok after ${attempt} tries`;
 * }, { attempts: 3, initialDelayMs: 10 });
 * ```
 */
export async function withRetry<T>(
  attempt: (attempt: number) => T | PromiseLike<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a whole number >= 1, got ${String(attempts)}`);
  }
  for (let n = 1; ; n++) {
    options.signal?.throwIfAborted();
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= attempts || (options.retryIf && !options.retryIf(error, n))) throw error;
    }
    options.signal?.throwIfAborted();
    const delay = backoffDelay(n, options);
    if (delay > 0) await sleep(delay, options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
