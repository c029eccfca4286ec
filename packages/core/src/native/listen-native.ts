import { reportUncaughtError } from '../errors/report-uncaught-error.js';

/**
 * The one place where rxdc hands a function to a node-datachannel callback slot.
 *
 * node-datachannel aborts the whole process when a callback throws, so the handler runs
 * inside a guard: whatever it throws (user code reached through a Subject or an event
 * listener) is reported through {@link reportUncaughtError} instead of reaching native code.
 * Each slot is set once, when the wrapper is created, so no event is missed and the closed
 * callback (which releases the native side's resources) is always installed.
 *
 * @internal
 */
export function listenNative<A extends unknown[]>(
  setSlot: (callback: (...args: A) => void) => void,
  handle: (...args: A) => void,
): void {
  setSlot((...args: A) => {
    try {
      handle(...args);
    } catch (error) {
      reportUncaughtError(error);
    }
  });
}
