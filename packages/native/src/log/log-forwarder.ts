import { type LogLevel, nativeInitLogger } from '../binding.js';
import { rememberLogLine } from '../errors/connection-failure.js';
import { RtcError } from '../errors/rtc-error.js';
import { processStore } from '../lifetime/process-store.js';

/** libdatachannel's log levels, least severe first. */
const severity: Record<LogLevel, number> = {
  Verbose: 0,
  Debug: 1,
  Info: 2,
  Warning: 3,
  Error: 4,
  Fatal: 5,
};

/**
 * True for one of libdatachannel's level names.
 *
 * @example
 * ```ts
 * import { isLogLevel } from '@rxdc/native';
 * isLogLevel('Warning'); // true
 * ```
 */
export function isLogLevel(level: unknown): level is LogLevel {
  return typeof level === 'string' && Object.hasOwn(severity, level);
}

/**
 * The level names, least severe first (for error messages).
 *
 * @example
 * ```ts
 * import { logLevels } from '@rxdc/native';
 * console.log(logLevels.join(', '));
 * ```
 */
export const logLevels: readonly LogLevel[] = Object.keys(severity) as LogLevel[];

/**
 * Forwards libdatachannel's log lines at `level` and above to `write`, until the returned
 * function is called. node-datachannel has one logger slot per process and a logger cannot be
 * removed (it keeps the process alive until `cleanup()`), so one forwarder is installed at the
 * lowest level any sink wants and shared by every sink of every package; the cleanup gate
 * releases it.
 *
 * @example
 * ```ts
 * import { addLogSink } from '@rxdc/native';
 * const remove = addLogSink('Warning', (level, message) => console.warn(level, message));
 * remove();
 * ```
 */
export function addLogSink(
  level: LogLevel,
  write: (level: LogLevel, message: string) => void,
): () => void {
  const store = processStore();
  const sink = { level, write };
  store.logSinks.add(sink);
  try {
    reinstall();
  } catch (error) {
    store.logSinks.delete(sink);
    throw error;
  }
  // Removing a sink never touches the native logger (see reinstall): the rest are filtered here.
  return () => {
    store.logSinks.delete(sink);
  };
}

/**
 * Installs the native logger when a sink needs lines it does not get yet. node-datachannel's
 * `initLogger` replaces its callback without a lock (`logCallback = make_unique<…>` frees the
 * previous thread-safe function while a libdatachannel thread may be inside
 * `logCallback->call()` for a line it is logging: a use-after-free, seen as a SIGSEGV after
 * `rtcInitLogger` in a fuzzing run). So a logger is replaced only while no libdatachannel thread
 * can be logging: before the first native object, or after `cleanup()`. Otherwise the installed
 * logger stays: a less verbose sink is filtered here, and a more verbose one is refused
 * (`INVALID_STATE`) rather than given fewer lines than it asked for.
 */
function reinstall(): void {
  const store = processStore();
  const levels = [...store.logSinks].map((sink) => sink.level);
  if (levels.length === 0) return;
  const level = levels.reduce((a, b) => (severity[a] <= severity[b] ? a : b));
  const installed = store.installedLogLevel;
  if (installed !== 'None' && severity[level] >= severity[installed]) return;
  if (store.loggerInstalled && nativeThreadsMayLog()) {
    throw new RtcError(
      'INVALID_STATE',
      `the native logger is already installed at ${installed}, and node-datachannel cannot replace it ` +
        `safely while libdatachannel runs (its threads may be logging): a ${level} sink must be added ` +
        'before the first native object, or after shutdown()',
    );
  }
  store.installedLogLevel = level;
  store.loggerInstalled = true;
  // A callback is always passed: initLogger without one throws (and would log to stdout). The
  // forwarder reads the sinks from the process store, so every copy of this package shares it.
  nativeInitLogger(level, (lineLevel: LogLevel, message: string) => {
    // A failed connection's error carries the recent transport lines as its cause.
    if (severity[lineLevel] >= severity.Warning) rememberLogLine(lineLevel, message);
    for (const sink of processStore().logSinks) {
      if (severity[lineLevel] < severity[sink.level]) continue;
      try {
        sink.write(lineLevel, message);
      } catch {
        // A sink that throws must not reach native code (it would abort the process).
      }
    }
  });
}

/**
 * True once a native object was created since the process started or `cleanup()` last ran:
 * libdatachannel's threads may then be logging.
 */
function nativeThreadsMayLog(): boolean {
  return processStore().generation > 0;
}

/** True when a native logger callback is installed (it keeps the process alive). @internal */
export function loggerInstalled(): boolean {
  return processStore().loggerInstalled;
}

/** Forgets the native logger after `cleanup()` released it. @internal */
export function loggerReleased(): void {
  const store = processStore();
  store.loggerInstalled = false;
  store.installedLogLevel = 'None';
  // libdatachannel's threads are gone: the next sink may install (or replace) the logger.
  store.generation = 0;
}
