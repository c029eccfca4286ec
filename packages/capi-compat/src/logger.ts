// rtcInitLogger: node-datachannel needs a function (initLogger(level) alone throws), and its
// logger callback keeps the process alive until cleanup(), so one guarded forwarder is
// installed and the user's callback is swapped behind it.
import nodeDataChannel, { type LogLevel } from 'node-datachannel';
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
  try {
    nodeDataChannel.initLogger(
      LEVEL_NAMES[level] as LogLevel,
      (name: LogLevel, message: string) => {
        try {
          const n = LEVEL_NUMBERS[name] ?? 4;
          if (userLog) safeUserLog(n, message);
          else if (toStdout) process.stdout.write(`${message}\n`);
        } catch {
          // nothing may reach native code
        }
      },
    );
  } catch {
    // initLogger refused: keep the JS side configured
  }
}

/** Forgets the log callback (after the native cleanup released it). @internal */
export function resetLogger(): void {
  userLog = null;
  toStdout = false;
  setErrorSink(null);
}
