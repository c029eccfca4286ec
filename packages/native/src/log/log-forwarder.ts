import { type LogLevel, nativeInitLogger } from '../binding.js';
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
  reinstall();
  return () => {
    if (store.logSinks.delete(sink)) reinstall();
  };
}

function reinstall(): void {
  const store = processStore();
  const levels = [...store.logSinks].map((sink) => sink.level);
  const level =
    levels.length === 0 ? 'None' : levels.reduce((a, b) => (severity[a] <= severity[b] ? a : b));
  if (level === store.installedLogLevel) return;
  store.installedLogLevel = level;
  store.loggerInstalled = true;
  // A callback is always passed: initLogger without one throws (and would log to stdout). The
  // forwarder reads the sinks from the process store, so every copy of this package shares it.
  nativeInitLogger(level as LogLevel, (lineLevel: LogLevel, message: string) => {
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

/** True when a native logger callback is installed (it keeps the process alive). @internal */
export function loggerInstalled(): boolean {
  return processStore().loggerInstalled;
}

/** Forgets the native logger after `cleanup()` released it. @internal */
export function loggerReleased(): void {
  const store = processStore();
  store.loggerInstalled = false;
  store.installedLogLevel = 'None';
}
