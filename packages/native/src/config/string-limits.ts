import { isMainThread, resourceLimits } from 'node:worker_threads';
import { RtcError, type RtcErrorCode } from '../errors/rtc-error.js';

/**
 * The strings rxdc measures before node-datachannel sees them, and their limits in UTF-8 bytes.
 *
 * - `webSocketUrl` (8,192) and `iceServerUrl` (2,048): libdatachannel 0.24 parses both with a
 *   `std::regex` that recurses once per byte (about 354 bytes of stack each) on the calling
 *   thread: a longer string overflows the stack and the process dies with SIGSEGV (measured:
 *   23,750 bytes on an 8 MiB main thread, 11,812 in a default 4 MiB Worker, about 2,950 bytes
 *   per MiB of stack). The limits keep 2-3 times that margin for the JavaScript frames sharing
 *   the stack; real URLs are far shorter (a TURN URL with REST credentials is < 300 bytes).
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

/**
 * The stack of the calling thread, in MiB, when it is a Worker (undefined on the main thread,
 * whose stack is 8 MiB by default). Node's default Worker stack is 4 MiB.
 */
function workerStackMb(): number | undefined {
  if (isMainThread) return undefined;
  return resourceLimits.stackSizeMb ?? 4;
}

/**
 * The limit of `what` on the calling thread, in UTF-8 bytes. For the two regex-parsed URLs in a
 * Worker it is `min(limit, stackSizeMb × 1024)` (a third of the crash length: room for the
 * JavaScript frames on the same stack).
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
  const stackMb = workerStackMb();
  return stackMb === undefined ? limit : Math.min(limit, Math.floor(stackMb * 1024));
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
    ? 'libdatachannel parses it with a recursive regex that overflows the thread stack (SIGSEGV) beyond about 2,950 bytes per MiB of stack'
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
