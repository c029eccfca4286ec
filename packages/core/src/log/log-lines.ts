import { addLogSink, isLogLevel, type LogLevel, logLevels, RtcError } from '@rxdc/native';
import { Observable } from 'rxjs';

/**
 * One line of libdatachannel's log.
 *
 * @example
 * ```ts
 * import { type LogLine, logLines } from '@rxdc/core';
 * const show = (line: LogLine) => console.log(line.level, line.message);
 * const logging = logLines('Warning').subscribe(show);
 * logging.unsubscribe();
 * ```
 */
export interface LogLine {
  /** How severe the line is, from `'Verbose'` to `'Fatal'`. */
  readonly level: LogLevel;
  /** The text libdatachannel logged. */
  readonly message: string;
}

/**
 * libdatachannel's log lines at `level` and above, as an Observable.
 *
 * The native logger stays installed until {@link shutdown} (node-datachannel cannot remove
 * it), so a process that subscribed here should call `shutdown()` to exit by itself. It is
 * installed at the most verbose level asked before the first native object (node-datachannel
 * cannot replace it safely while libdatachannel runs): a more verbose level asked later fails
 * the stream with `INVALID_STATE` (subscribe it first, or after `shutdown()`).
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` for an unknown level.
 * @example
 * ```ts
 * import { logLines, shutdown } from '@rxdc/core';
 * const subscription = logLines('Warning').subscribe(({ level, message }) => console.log(level, message));
 * // ... later
 * subscription.unsubscribe();
 * await shutdown();
 * ```
 */
export function logLines(level: LogLevel = 'Info'): Observable<LogLine> {
  if (!isLogLevel(level)) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `log level must be one of ${logLevels.join(', ')}, got ${JSON.stringify(level)}`,
    );
  }
  return new Observable<LogLine>((subscriber) =>
    addLogSink(level, (lineLevel, message) => subscriber.next({ level: lineLevel, message })),
  );
}
