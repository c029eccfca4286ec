/**
 * Where an error thrown by code running inside a native callback goes instead of native code.
 *
 * @example
 * ```ts
 * import type { ThrowReporter } from '@rxdc/native';
 * const report: ThrowReporter = (error) => console.error('callback threw', error);
 * ```
 */
export type ThrowReporter = (error: unknown) => void;

/**
 * Wraps `handle` so that nothing it throws can reach node-datachannel, which aborts the whole
 * process when a callback throws (`process.on('uncaughtException')` does not see it). What it
 * throws goes to `report`; if `report` throws too, the error is dropped rather than aborting.
 *
 * @example
 * ```ts
 * import { guarded } from '@rxdc/native';
 * const safe = guarded((n: number) => { if (n < 0) throw new Error('negative'); }, console.error);
 * safe(-1); // logged, not thrown
 * ```
 */
export function guarded<A extends unknown[]>(
  handle: (...args: A) => void,
  report: ThrowReporter,
): (...args: A) => void {
  return (...args: A) => {
    try {
      handle(...args);
    } catch (error) {
      reportQuietly(report, error);
    }
  };
}

/**
 * Hands `error` to `report`; if `report` throws too, that is dropped: nothing may reach native
 * code, not even a failing reporter.
 *
 * @example
 * ```ts
 * import { reportQuietly } from '@rxdc/native';
 * reportQuietly((error) => console.error('contained:', error), new Error('boom'));
 * ```
 */
export function reportQuietly(report: ThrowReporter, error: unknown): void {
  try {
    report(error);
  } catch {
    // dropped, see above
  }
}
