import { reportUnhandled } from '@rxdc/native';
import { config } from 'rxjs';

/**
 * Reports an error that user code threw inside a callback coming from native code, where RxJS
 * sends a subscriber's unhandled error: @rxdc/native's `reportUnhandled` with RxJS's
 * `config.onUnhandledError` (read at each call: an app may set it at any time).
 *
 * @internal
 * @example
 * ```ts
 * import { reportUnhandled } from '@rxdc/native';
 * import { config } from 'rxjs';
 * // What it does (internal to core):
 * reportUnhandled(new Error('a listener threw'), config.onUnhandledError);
 * ```
 */
export function reportUncaughtError(error: unknown): void {
  reportUnhandled(error, config.onUnhandledError);
}
