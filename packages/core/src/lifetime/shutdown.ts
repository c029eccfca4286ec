import { type CloseEverythingOptions, closeEverything } from '@rxdc/native';

/**
 * Options of {@link shutdown}.
 *
 * @example
 * ```ts
 * import { type ShutdownOptions, shutdown } from '@rxdc/core';
 * const options: ShutdownOptions = { timeoutMs: 5000 };
 * await shutdown(options);
 * ```
 */
export type ShutdownOptions = CloseEverythingOptions;

/**
 * Closes every live object of every rxdc package in the process (channels, then peers, then
 * servers; capi-compat's ids too), waits until node-datachannel has confirmed each close, and
 * releases what would keep the process alive, so that it can exit by itself.
 *
 * It is @rxdc/native's one cleanup gate, shared with capi-compat's `rtcCleanup()`: node-datachannel's
 * own `cleanup()` is fragile, so it runs only when it is the one way left to let the process
 * exit (the native logger was installed, or an object did not confirm its close within
 * `timeoutMs`). Objects can be created again afterwards.
 *
 * @example
 * ```ts
 * import { shutdown } from '@rxdc/core';
 * process.once('SIGINT', () => void shutdown());
 * ```
 */
export function shutdown(options: ShutdownOptions = {}): Promise<void> {
  return closeEverything(options);
}
