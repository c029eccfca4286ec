import { config } from 'rxjs';

/**
 * Reports an error that user code threw inside a callback coming from native code.
 *
 * Throwing into node-datachannel aborts the process, so such errors are caught at the
 * boundary and sent where RxJS sends a subscriber's unhandled error: RxJS's
 * `config.onUnhandledError` if the app set one, otherwise a throw on a fresh macrotask, which
 * reaches `process.on('uncaughtException')` like any other uncaught error.
 *
 * @internal
 */
export function reportUncaughtError(error: unknown): void {
  const handler = config.onUnhandledError;
  if (handler) {
    handler(error);
    return;
  }
  setTimeout(() => {
    throw error;
  });
}
