import { type BackoffOptions, backoffDelay as nativeBackoffDelay } from '@rxdc/native';
import {
  type Check,
  checkArgument,
  checkOptions,
  finiteNumber,
  isFunction,
  wholeNumber,
} from '../errors/argument-checks.js';

// The one backoff schedule of rxdc lives in @rxdc/native (its withRetry uses it too).
export type { BackoffOptions };

/** The checks of {@link BackoffOptions}. @internal */
export const BACKOFF_OPTIONS: Readonly<Record<string, Check>> = {
  initialDelayMs: finiteNumber(0),
  factor: finiteNumber(1),
  maxDelayMs: finiteNumber(0),
  jitter: finiteNumber(0, 1),
  random: isFunction,
};

/**
 * The delay before retry number `retry` (1 for the first retry):
 * `min(maxDelayMs, initialDelayMs * factor^(retry - 1))`, less a random part of up to
 * `jitter` of it. `@rxdc/native`'s schedule (the one every rxdc retry uses), with its
 * arguments checked.
 *
 * @example
 * ```ts
 * import { backoffDelay } from '@rxdc/rx';
 * backoffDelay(3, { initialDelayMs: 100, jitter: 0 }); // 400
 * ```
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const where = 'backoffDelay(retry, options)';
  checkArgument(where, 'retry', retry, wholeNumber(0));
  checkOptions(where, options, BACKOFF_OPTIONS);
  return nativeBackoffDelay(retry, options);
}
