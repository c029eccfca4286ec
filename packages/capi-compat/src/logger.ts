// rtcInitLogger: the C face of @rxdc/native's one log forwarder (node-datachannel has one
// logger slot per process, shared with @rxdc/core's logLines). Its callback keeps the process
// alive until rtcCleanup.
import { addLogSink, type LogLevel } from '@rxdc/native';
import { setErrorSink } from './guard.js';

/**
 * `void (*)(rtcLogLevel level, const char *message)`.
 *
 * @example
 * ```ts
 * import { type rtcLogCallbackFunc } from '@rxdc/capi-compat';
 * const log: rtcLogCallbackFunc = (level, message) => console.log(`[${level}] ${message}`);
 * ```
 */
export type rtcLogCallbackFunc = (level: number, message: string) => void;

const LEVEL_NAMES = ['None', 'Fatal', 'Error', 'Warning', 'Info', 'Debug', 'Verbose'];
const LEVEL_NUMBERS: Record<string, number> = {
  Fatal: 1,
  Error: 2,
  Warning: 3,
  Info: 4,
  Debug: 5,
  Verbose: 6,
};

let userLog: rtcLogCallbackFunc | null = null;
let everSet = false;
let toStdout = false;
let removeSink: (() => void) | null = null;

function safeUserLog(level: number, message: string): void {
  const cb = userLog;
  if (!cb) return;
  try {
    cb(level, message);
  } catch (error) {
    try {
      console.error('@rxdc/capi-compat: the log callback threw:', error);
    } catch {
      // nothing left
    }
  }
}

/**
 * Sets the log level and where log lines go: `cb`, or stdout when `cb` is null on the first
 * call; null after a callback was set unsets it. While a log callback is installed the process
 * stays alive until rtcCleanup (a node-datachannel limit).
 *
 * @example
 * ```ts
 * import { RTC_LOG_WARNING, rtcInitLogger } from '@rxdc/capi-compat';
 * rtcInitLogger(RTC_LOG_WARNING, (level, message) => console.warn(level, message));
 * ```
 */
export function rtcInitLogger(level: number, cb: rtcLogCallbackFunc | null): void {
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > 6) return;
  if (cb !== null && cb !== undefined && typeof cb !== 'function') return;
  if (cb) {
    userLog = cb;
    everSet = true;
    toStdout = false;
  } else if (everSet) {
    userLog = null;
    toStdout = false;
  } else {
    toStdout = true;
  }
  setErrorSink(userLog ? safeUserLog : null);
  removeSink?.();
  removeSink = null;
  const name = LEVEL_NAMES[level] as LogLevel | 'None';
  if (name === 'None') return;
  const write = (lineLevel: LogLevel, message: string) => {
    const n = LEVEL_NUMBERS[lineLevel] ?? 4;
    if (userLog) safeUserLog(n, message);
    else if (toStdout) process.stdout.write(`${message}\n`);
  };
  try {
    removeSink = addLogSink(name, write);
  } catch (error) {
    // A more verbose level than the installed logger's, while libdatachannel runs: node-
    // datachannel cannot replace its logger safely then. Keep what it can give, and say so.
    let installed: string | undefined;
    for (let n = level - 1; n >= 1 && installed === undefined; n--) {
      try {
        removeSink = addLogSink(LEVEL_NAMES[n] as LogLevel, write);
        installed = LEVEL_NAMES[n];
      } catch {
        // still more verbose than the installed logger
      }
    }
    const message = `@rxdc/capi-compat: rtcInitLogger(${level}): ${
      error instanceof Error ? error.message : String(error)
    }; lines are given from ${installed ?? 'no'} level on`;
    if (userLog) safeUserLog(RTC_LOG_WARNING_LEVEL, message);
    else console.error(message);
  }
}

/** rtc.h's RTC_LOG_WARNING, for rxdc's own notices to the log callback. */
const RTC_LOG_WARNING_LEVEL = 3;
