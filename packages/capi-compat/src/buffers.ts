// The C-type rules: `char *buffer, int size` out-parameters, `int *` out-parameters and
// `const char *data, int size` inputs, the same for every function.
import { RTC_ERR_INVALID, RTC_ERR_TOO_SMALL } from './constants.js';

/**
 * A `char *buffer` out-parameter: a byte array the string is copied into (UTF-8, followed by a
 * NUL), or `null` to ask for the size needed.
 *
 * @example
 * ```ts
 * import { type CharBuffer, rtcGetLocalDescription } from '@rxdc/capi-compat';
 * const buffer: CharBuffer = new Uint8Array(4096);
 * rtcGetLocalDescription(pc, buffer, buffer.length);
 * ```
 */
export type CharBuffer = Uint8Array | null;

/**
 * An `int *` out-parameter: a one-element `Int32Array`, the closest JavaScript has to a
 * pointer to a C `int` (32-bit, wraps like C, writable in place, no allocation per call).
 *
 * @example
 * ```ts
 * import { type IntPointer, rtcReceiveMessage } from '@rxdc/capi-compat';
 * const size: IntPointer = Int32Array.of(1024);
 * rtcReceiveMessage(dc, new Uint8Array(1024), size);
 * console.log(size[0]);
 * ```
 */
export type IntPointer = Int32Array;

/**
 * The `const char *data` of rtcSendMessage: a string or bytes (`size` says how to read it).
 *
 * @example
 * ```ts
 * import { type MessageData, rtcSendMessage } from '@rxdc/capi-compat';
 * const data: MessageData = 'hello';
 * rtcSendMessage(dc, data, -1);
 * ```
 */
export type MessageData = string | Uint8Array;

const decoder = new TextDecoder('utf-8');

/** @internal */
export function isInt(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= -2147483648 &&
    value <= 2147483647
  );
}

/** A C `bool` field that may be left out: absent, `null`, a boolean, 0 or 1. @internal */
export function isOptionalBool(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    typeof value === 'boolean' ||
    value === 0 ||
    value === 1
  );
}

/** @internal */
export function isIntPointer(value: unknown): value is Int32Array {
  return value instanceof Int32Array && value.length >= 1;
}

/** UTF-8 byte length of a string. @internal */
export function utf8Length(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/**
 * Copies `value` as UTF-8 plus a NUL into `buffer` of `size` bytes, with C's return rule:
 * null buffer gives the size needed, too small gives RTC_ERR_TOO_SMALL, else the length copied
 * (NUL included). A size larger than the buffer is RTC_ERR_INVALID (C would overflow).
 * @internal
 */
export function copyString(value: string, buffer: unknown, size: unknown): number {
  if (buffer === null || buffer === undefined) return utf8Length(value) + 1;
  if (!(buffer instanceof Uint8Array) || !isInt(size) || size > buffer.length)
    return RTC_ERR_INVALID;
  const bytes = Buffer.from(value, 'utf8');
  if (size < bytes.length + 1) return RTC_ERR_TOO_SMALL;
  buffer.set(bytes, 0);
  buffer[bytes.length] = 0;
  return bytes.length + 1;
}

/** Validates a `char *buffer, int size` pair without copying (null buffer always valid). @internal */
export function isBufferArg(buffer: unknown, size: unknown): boolean {
  if (buffer === null || buffer === undefined) return true;
  return buffer instanceof Uint8Array && isInt(size) && size <= buffer.length;
}

/**
 * Reads a NUL-terminated UTF-8 string back from a buffer filled by an `rtcGetXxx` function (the
 * helper C does not need: `printf("%s", buffer)`). Without a NUL, the whole buffer is decoded.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetDataChannelLabel } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(256);
 * if (rtcGetDataChannelLabel(dc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function readCString(buffer: Uint8Array, size?: number): string {
  if (!(buffer instanceof Uint8Array)) return '';
  const limit =
    typeof size === 'number' && size >= 0 ? Math.min(size, buffer.length) : buffer.length;
  let end = buffer.indexOf(0);
  if (end < 0 || end > limit) end = limit;
  return decoder.decode(buffer.subarray(0, end));
}

/** Text up to the first NUL, from a string or bytes (C's size < 0 rule). @internal */
export function textUpToNul(data: string | Uint8Array): string {
  if (typeof data === 'string') {
    const nul = data.indexOf('\0');
    return nul < 0 ? data : data.slice(0, nul);
  }
  const nul = data.indexOf(0);
  return decoder.decode(nul < 0 ? data : data.subarray(0, nul));
}
