/**
 * One line that says what `error` is, for a message or a log: an `Error`'s message (its stack
 * with `{ stack: true }`), anything else through `String`. Never throws, even for a value
 * whose `toString` throws or that has none (`Object.create(null)`).
 *
 * @example
 * ```ts
 * import { describeError } from '@rxdc/native';
 * describeError(new Error('boom')); // 'boom'
 * describeError('plain'); // 'plain'
 * describeError(Symbol('s')); // 'Symbol(s)'
 * ```
 */
export function describeError(error: unknown, options?: { stack?: boolean }): string {
  try {
    if (error instanceof Error) return (options?.stack ? error.stack : undefined) ?? error.message;
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
