import { readFileSync } from 'node:fs';
import { isMainThread, resourceLimits } from 'node:worker_threads';
import { RtcError, type RtcErrorCode } from '../errors/rtc-error.js';

/**
 * The strings rxdc measures before node-datachannel sees them, and their limits in UTF-8 bytes.
 *
 * - `webSocketUrl` (8,192) and `iceServerUrl` (2,048): libdatachannel 0.24 parses both with a
 *   `std::regex_match` (src/impl/websocket.cpp `WebSocket::open`, src/configuration.cpp
 *   `parse_url` for `IceServer`) on the thread that calls node-datachannel (the JavaScript
 *   thread: `ws.open()`, `new PeerConnection()`); libstdc++'s backtracking executor recurses
 *   once per byte (about 250-350 bytes of stack each), so a longer string overflows that
 *   thread's stack and the process dies with SIGSEGV (measured: 23,750 bytes on an 8 MiB main
 *   thread, 11,812 in a default 4 MiB Worker, 8,175 with `ulimit -s 2048`, 4,000 with 1 MiB,
 *   2,022 for an ICE URL with 512 KiB). So the limit is also 1 byte per KiB of the stack the
 *   call really runs on (see {@link stringLimit}): a quarter to a third of the crash length,
 *   leaving the rest for the JavaScript frames sharing that stack. Real URLs are far shorter
 *   (a TURN URL with REST credentials is < 300 bytes).
 * - `label` and `protocol` (65,535): the DATA_CHANNEL_OPEN message carries each with a 16-bit
 *   length (RFC 8832); libdatachannel throws above it, or, for a channel created before the
 *   connection, never opens it (the throw happens on its network thread).
 *
 * @example
 * ```ts
 * import { STRING_LIMITS } from '@rxdc/native';
 * console.log(`a WebSocket URL may have ${STRING_LIMITS.webSocketUrl} bytes`);
 * ```
 */
export const STRING_LIMITS = {
  webSocketUrl: 8192,
  iceServerUrl: 2048,
  label: 65535,
  protocol: 65535,
} as const;

/**
 * Which string {@link checkStringLimit} measures.
 *
 * @example
 * ```ts
 * import type { LimitedString } from '@rxdc/native';
 * const what: LimitedString = 'webSocketUrl';
 * ```
 */
export type LimitedString = keyof typeof STRING_LIMITS;

/** The strings parsed by libdatachannel's recursive regex: their limit follows the stack. */
const stackBound: ReadonlySet<LimitedString> = new Set(['webSocketUrl', 'iceServerUrl']);

const names: Record<LimitedString, string> = {
  webSocketUrl: 'WebSocket URL',
  iceServerUrl: 'ICE server URL',
  label: 'data channel label',
  protocol: 'protocol',
};

/** The main thread's stack when nothing says otherwise (Linux and macOS default). */
const defaultMainStackKb = 8 * 1024;

let mainStackKb: number | undefined;

/**
 * The main thread's stack, in KiB: its soft `RLIMIT_STACK` (what `ulimit -s` sets; the main
 * thread's stack grows up to it), read once from /proc/self/limits on Linux. Unlimited or
 * unknown: 8 MiB (then {@link STRING_LIMITS} bound the strings anyway).
 */
function mainThreadStackKb(): number {
  if (mainStackKb !== undefined) return mainStackKb;
  mainStackKb = defaultMainStackKb;
  try {
    const line = /^Max stack size\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'latin1'));
    const soft = line ? Number(line[1]) : Number.NaN;
    if (Number.isSafeInteger(soft) && soft > 0) mainStackKb = Math.floor(soft / 1024);
  } catch {
    // Not Linux: the platform's default main-thread stack.
  }
  return mainStackKb;
}

/**
 * The stack of the calling thread, in KiB: a Worker's is its `resourceLimits.stackSizeMb`
 * (Node creates the thread with that stack; 4 MiB by default), the main thread's its
 * `RLIMIT_STACK`.
 */
function threadStackKb(): number {
  if (isMainThread) return mainThreadStackKb();
  return Math.floor((resourceLimits.stackSizeMb ?? 4) * 1024);
}

/**
 * The limit of `what` on the calling thread, in UTF-8 bytes. For the two regex-parsed URLs it
 * is `min(limit, stack in KiB)`: 1 byte per KiB of the calling thread's stack (a quarter to a
 * third of the crash length: room for the JavaScript frames on the same stack). A Worker's
 * stack is its `resourceLimits.stackSizeMb`, the main thread's its `ulimit -s`.
 *
 * @example
 * ```ts
 * import { stringLimit } from '@rxdc/native';
 * const max = stringLimit('webSocketUrl'); // 8192 on the main thread
 * ```
 */
export function stringLimit(what: LimitedString): number {
  const limit: number = STRING_LIMITS[what];
  if (!stackBound.has(what)) return limit;
  return Math.min(limit, threadStackKb());
}

/**
 * Throws an {@link RtcError} (`code`, default `INVALID_ARGUMENT`) when `value` is longer than
 * its limit (see {@link STRING_LIMITS}), in UTF-8 bytes. The one check every face calls before
 * handing such a string to node-datachannel.
 *
 * @example
 * ```ts
 * import { checkStringLimit } from '@rxdc/native';
 * checkStringLimit('webSocketUrl', 'ws://127.0.0.1:8080/');
 * ```
 */
export function checkStringLimit(
  what: LimitedString,
  value: string,
  code: RtcErrorCode = 'INVALID_ARGUMENT',
): void {
  const limit = stringLimit(what);
  if (isWithinStringLimit(what, value)) return;
  const bytes = Buffer.byteLength(value, 'utf8');
  const why = stackBound.has(what)
    ? `libdatachannel parses it with a recursive regex on this thread, whose ${threadStackKb()} KiB stack it would overflow (SIGSEGV); rxdc allows 1 byte per KiB of stack, at most ${STRING_LIMITS[what]}`
    : 'the data channel open message carries it with a 16-bit length';
  throw new RtcError(
    code,
    `${names[what]} is ${bytes} bytes; the limit is ${limit} bytes (${why})`,
  );
}

/**
 * True when `value` is within its limit (see {@link STRING_LIMITS}), in UTF-8 bytes: the same
 * rule as {@link checkStringLimit}, for faces that answer with a code (capi-compat).
 *
 * @example
 * ```ts
 * import { isWithinStringLimit } from '@rxdc/native';
 * isWithinStringLimit('label', 'chat'); // true
 * ```
 */
export function isWithinStringLimit(what: LimitedString, value: string): boolean {
  const limit = stringLimit(what);
  // A string of n UTF-16 units has at most 3n UTF-8 bytes: measure only when it could matter.
  return value.length * 3 <= limit || Buffer.byteLength(value, 'utf8') <= limit;
}
