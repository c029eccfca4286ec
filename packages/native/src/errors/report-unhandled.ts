/**
 * Sends an error nobody is listening for where an unhandled error belongs: to `handler` when
 * one is given (an app's RxJS `config.onUnhandledError`: pass it, since this package does not
 * load RxJS), otherwise, and when the handler itself throws, a throw on a fresh macrotask,
 * which reaches `process.on('uncaughtException')` like any other uncaught error. Never throws
 * into its caller, which may be a callback coming from native code.
 *
 * @example
 * ```ts
 * import { reportUnhandled } from '@rxdc/native';
 * import { config } from 'rxjs';
 * reportUnhandled(new Error('a listener threw'), config.onUnhandledError);
 * ```
 */
export function reportUnhandled(error: unknown, handler?: ((error: unknown) => void) | null): void {
  const throwLater = (thrown: unknown): void => {
    setTimeout(() => {
      throw thrown;
    });
  };
  if (handler) {
    try {
      handler(error);
    } catch (thrown) {
      throwLater(thrown);
    }
    return;
  }
  throwLater(error);
}
