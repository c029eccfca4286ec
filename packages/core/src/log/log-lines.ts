import { Observable, Subject } from 'rxjs';
import { RtcError } from '../errors/rtc-error.js';
import { type LogLevel, nativeInitLogger } from '../native/binding.js';
import { listenNative } from '../native/listen-native.js';

/** One line of libdatachannel's log. */
export interface LogLine {
  /** How severe the line is, from `'Verbose'` to `'Fatal'`. */
  readonly level: LogLevel;
  /** The text libdatachannel logged. */
  readonly message: string;
}

const severity: Record<LogLevel, number> = {
  Verbose: 0,
  Debug: 1,
  Info: 2,
  Warning: 3,
  Error: 4,
  Fatal: 5,
};
const lines = new Subject<LogLine>();
const wanted = new Map<symbol, LogLevel>();
let installedLevel: LogLevel | 'None' = 'None';
let installed = false;

function reinstall(): void {
  const levels = [...wanted.values()];
  const level =
    levels.length === 0 ? 'None' : levels.reduce((a, b) => (severity[a] <= severity[b] ? a : b));
  if (level === installedLevel) return;
  installedLevel = level;
  installed = true;
  // A callback is always passed: initLogger without one throws (and would log to stdout).
  listenNative(
    (callback: (level: LogLevel, message: string) => void) =>
      nativeInitLogger(level as LogLevel, callback),
    (lineLevel: LogLevel, message: string) => lines.next({ level: lineLevel, message }),
  );
}

/**
 * libdatachannel's log lines at `level` and above, as an Observable.
 *
 * The native logger stays installed until {@link shutdown} (node-datachannel cannot remove
 * it), so a process that subscribed here should call `shutdown()` to exit by itself.
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
  if (!(level in severity)) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `log level must be one of ${Object.keys(severity).join(', ')}, got ${JSON.stringify(level)}`,
    );
  }
  return new Observable<LogLine>((subscriber) => {
    const key = Symbol('log subscriber');
    wanted.set(key, level);
    reinstall();
    const subscription = lines.subscribe((line) => {
      if (severity[line.level] >= severity[level]) subscriber.next(line);
    });
    return () => {
      subscription.unsubscribe();
      wanted.delete(key);
      reinstall();
    };
  });
}

/** True when a native logger callback was ever installed (it keeps the process alive). @internal */
export function loggerInstalled(): boolean {
  return installed;
}

/** Forgets the native logger after `cleanup()` released it. @internal */
export function loggerReleased(): void {
  installed = false;
  installedLevel = 'None';
}
