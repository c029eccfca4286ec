import { config } from 'rxjs';

/**
 * Sends an error nobody is listening for where RxJS sends a subscriber's unhandled error:
 * `config.onUnhandledError` if the app set one, otherwise a throw on a fresh macrotask (which
 * reaches `process.on('uncaughtException')`). Never throws into the caller, which may be a
 * callback coming from native code.
 *
 * @internal
 */
export function reportUnhandled(error: unknown): void {
  const handler = config.onUnhandledError;
  if (handler) {
    handler(error);
    return;
  }
  setTimeout(() => {
    throw error;
  });
}
