import { RtcError } from './rtc-error.js';

/**
 * What rxdc knows about a failed connection: the native states when it failed and the recent
 * native log lines about ICE, DTLS and SCTP. libdatachannel names no peer in its log lines and
 * logs only while a logger is installed (`logLines()` in core, `rtcInitLogger` in
 * capi-compat): without one, `nativeLog` is empty.
 *
 * @example
 * ```ts
 * import { RtcError, type ConnectionFailureCause } from '@rxdc/native';
 * function why(error: unknown): string[] {
 *   if (!(error instanceof RtcError) || error.code !== 'CONNECTION_FAILED') return [];
 *   return (error.cause as ConnectionFailureCause).nativeLog;
 * }
 * ```
 */
export interface ConnectionFailureCause {
  /** The ICE state when the connection failed (`'failed'` when ICE itself failed). */
  readonly iceState: string;
  /** The signaling state when it failed. */
  readonly signalingState: string;
  /** Recent native log lines (Warning and above) about ICE, DTLS, SCTP or certificates, oldest first. */
  readonly nativeLog: string[];
}

/** How many recent native log lines are kept, and for how long they count as recent. */
const recentLines = 32;
const recentMs = 10_000;
const transportLine = /DTLS|ICE|SCTP|certificate|fingerprint|handshake|TLS/i;

interface RecentLog {
  readonly lines: Array<{ at: number; text: string }>;
}

/** Shared by every copy of this package, like the registry. */
function recentLog(): RecentLog {
  const key = Symbol.for('rxdc.native.recentLog');
  const holder = globalThis as unknown as Record<symbol, RecentLog | undefined>;
  let log = holder[key];
  if (log === undefined) {
    log = { lines: [] };
    Object.defineProperty(globalThis, key, { value: log, enumerable: false });
  }
  return log;
}

/**
 * Keeps a native log line (Warning and above) about the transport, for the next failure's
 * cause. Called by the log forwarder. @internal
 */
export function rememberLogLine(level: string, message: string): void {
  if (!transportLine.test(message)) return;
  const { lines } = recentLog();
  lines.push({ at: Date.now(), text: `${level} ${message}` });
  if (lines.length > recentLines) lines.shift();
}

/**
 * The typed error of a connection that failed: `CONNECTION_FAILED`, its cause a
 * {@link ConnectionFailureCause}, its message the most telling native line when there is one.
 *
 * @example
 * ```ts
 * import { connectionFailedError } from '@rxdc/native';
 * const error = connectionFailedError({ iceState: 'connected', signalingState: 'stable' });
 * console.log(error.code); // CONNECTION_FAILED
 * ```
 */
export function connectionFailedError(states: {
  iceState: string;
  signalingState: string;
}): RtcError {
  const since = Date.now() - recentMs;
  const nativeLog = recentLog()
    .lines.filter((line) => line.at >= since)
    .map((line) => line.text);
  const telling = [...nativeLog]
    .reverse()
    .find((line) => /verify|unknown CA|fingerprint|failed/i.test(line));
  const reason =
    telling ??
    (states.iceState === 'failed'
      ? 'ICE found no working candidate pair'
      : 'DTLS or SCTP failed (subscribe to logLines("Warning") or call rtcInitLogger to see why)');
  const cause: ConnectionFailureCause = { ...states, nativeLog };
  return new RtcError(
    'CONNECTION_FAILED',
    `the connection failed: ${reason}; open a new connection to try again`,
    { cause },
  );
}
