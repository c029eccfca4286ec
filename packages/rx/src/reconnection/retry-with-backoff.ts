import { backoffDelay } from '@rxdc/native';
import { type MonoTypeOperatorFunction, retry, type SchedulerLike, timer } from 'rxjs';
import { checkOptions, isBoolean, isScheduler, wholeNumber } from '../errors/argument-checks.js';
import { BACKOFF_OPTIONS, type BackoffOptions } from './backoff-delay.js';

/**
 * Options of {@link retryWithBackoff}.
 *
 * @example
 * ```ts
 * const options: RetryWithBackoffOptions = { maxRetries: 5, initialDelayMs: 200 };
 * ```
 */
export interface RetryWithBackoffOptions extends BackoffOptions {
  /** Retries before the error is passed on. Default 5. */
  maxRetries?: number;
  /** Restart the count after the source emits a value. Default true. */
  resetOnSuccess?: boolean;
  /** Scheduler of the delays (for tests). */
  scheduler?: SchedulerLike;
}

/**
 * Resubscribes to a failing source after exponentially growing, jittered delays
 * ({@link backoffDelay}), at most `maxRetries` times in a row; then passes the last error on.
 *
 * @example
 * ```ts
 * import { retryWithBackoff } from '@rxdc/rx';
 * fetchConfig$.pipe(retryWithBackoff({ maxRetries: 4, initialDelayMs: 500 })).subscribe();
 * ```
 */
export function retryWithBackoff<T>(
  options: RetryWithBackoffOptions = {},
): MonoTypeOperatorFunction<T> {
  checkOptions('retryWithBackoff(options)', options, {
    ...BACKOFF_OPTIONS,
    maxRetries: wholeNumber(0),
    resetOnSuccess: isBoolean,
    scheduler: isScheduler,
  });
  const { maxRetries = 5, resetOnSuccess = true, scheduler } = options;
  return retry<T>({
    count: maxRetries,
    resetOnSuccess,
    delay: (_error, retryCount) =>
      scheduler
        ? timer(backoffDelay(retryCount, options), scheduler)
        : timer(backoffDelay(retryCount, options)),
  });
}
