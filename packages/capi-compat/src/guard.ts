// Nothing may throw into node-datachannel (it aborts the process): every user callback runs
// through callUser, and what it throws is reported, never rethrown.
import { describeError, reportQuietly, unknownKey } from '@rxdc/native';

type LogSink = ((level: number, message: string) => void) | null;
let sink: LogSink = null;

/** Routes contained errors to the rtcInitLogger callback when one is set. @internal */
export function setErrorSink(next: LogSink): void {
  sink = next;
}

/**
 * True (after reporting it, naming the field, to the rtcInitLogger callback or the console) when
 * `config` has a field that `known` does not: in JavaScript a misspelled field would otherwise
 * be ignored and its C default used. The caller returns RTC_ERR_INVALID. @internal
 */
export function hasUnknownField(
  what: string,
  config: object,
  known: Readonly<Record<string, true>>,
): boolean {
  const field = unknownKey(config, known);
  if (field === undefined) return false;
  const message = `@rxdc/capi-compat: ${what} has no field "${field}" (a misspelling?): RTC_ERR_INVALID`;
  reportQuietly((text) => (sink ? sink(2, text as string) : console.error(text)), message);
  return true;
}

/**
 * Reports an error thrown by user code without letting it escape: to the rtcInitLogger
 * callback when one is set, else to the console. A reporter that throws too is dropped
 * (@rxdc/native's `reportQuietly`): nothing may reach native code. @internal
 */
export function reportError(where: string, error: unknown): void {
  const message = `@rxdc/capi-compat: a ${where} callback threw: ${describeError(error, { stack: true })}`;
  reportQuietly((text) => (sink ? sink(2, text as string) : console.error(text)), message);
}

/**
 * The one guard around a user callback: calls it with up to four arguments (fixed, so the hot
 * message path allocates nothing), and reports what it throws instead of rethrowing. @internal
 */
export function callUser(
  where: string,
  fn: (...args: never[]) => void,
  a?: unknown,
  b?: unknown,
  c?: unknown,
  d?: unknown,
): void {
  try {
    (fn as (a: unknown, b: unknown, c: unknown, d: unknown) => void)(a, b, c, d);
  } catch (error) {
    reportError(where, error);
  }
}

/** Reads a native value, or undefined when node-datachannel throws. @internal */
export function tryRead<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** True for a callback argument: a function, or null/undefined to unset. @internal */
export function isCallbackArg(cb: unknown): cb is ((...args: never[]) => void) | null | undefined {
  return cb === null || cb === undefined || typeof cb === 'function';
}
