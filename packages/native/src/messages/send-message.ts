import { describeValue } from '../errors/describe-value.js';
import { RtcError } from '../errors/rtc-error.js';
import { isDetachedBuffer, isDetachedView } from './detached-view.js';

/**
 * What a channel sends, as the W3C `RTCDataChannel.send` takes it: text, an `ArrayBuffer`, or
 * any `ArrayBufferView` (`Uint8Array`, `Buffer`, `DataView`, `Float32Array`, ...; its bytes as
 * they lie in memory). A `Blob` is not taken: its bytes can only be read asynchronously, and a
 * send that completes later would overtake nothing and be overtaken by later sends; send
 * `new Uint8Array(await blob.arrayBuffer())` instead.
 *
 * @example
 * ```ts
 * import type { SendData } from '@rxdc/native';
 * const all: SendData[] = ['text', new ArrayBuffer(4), new Uint8Array(4), new DataView(new ArrayBuffer(2))];
 * ```
 */
export type SendData = string | ArrayBuffer | ArrayBufferView;

/**
 * The bytes of binary send data as a `Uint8Array` view (no copy), or the text itself. Refuses
 * what cannot be sent.
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` for anything but {@link SendData}, and for a
 * view of a detached (transferred) buffer.
 * @example
 * ```ts
 * import { sendBytes } from '@rxdc/native';
 * const bytes = sendBytes(new DataView(new ArrayBuffer(8), 2, 4));
 * console.log(typeof bytes === 'string' ? bytes.length : bytes.byteLength); // 4
 * ```
 */
export function sendBytes(data: unknown): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) {
    if (isDetachedView(data)) throw detachedError();
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    if (isDetachedView(data)) throw detachedError();
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (data instanceof ArrayBuffer) {
    if (isDetachedBuffer(data)) throw detachedError();
    return new Uint8Array(data);
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      'send() cannot take a Blob (its bytes can only be read asynchronously): send new Uint8Array(await blob.arrayBuffer())',
    );
  }
  throw new RtcError(
    'INVALID_ARGUMENT',
    `send() takes a string, an ArrayBuffer or an ArrayBufferView, got ${describeValue(data)}`,
  );
}

function detachedError(): RtcError {
  return new RtcError(
    'INVALID_ARGUMENT',
    'send() got a detached (transferred) ArrayBuffer or a view of one: its bytes are gone',
  );
}

/**
 * The one effective limit of what a channel sends: the smaller of what node-datachannel
 * accepts (the remote side's `a=max-message-size`) and this side's receive limit (the
 * native side runs one byte above it, see {@link nativeMaxMessageSize}). Undefined receive
 * limit (a track): the native limit alone.
 *
 * @example
 * ```ts
 * import { effectiveMessageLimit } from '@rxdc/native';
 * effectiveMessageLimit(262_145, 262_144); // 262144
 * ```
 */
export function effectiveMessageLimit(nativeMax: number, receiveLimit: number | undefined): number {
  return Math.min(nativeMax, receiveLimit ?? Number.POSITIVE_INFINITY);
}

/**
 * The size of send data in bytes (text in UTF-8), or -1 when it is text that fits `limit` for
 * sure (a string of n UTF-16 units has at most 3n UTF-8 bytes: measured only when it matters).
 *
 * @internal
 */
export function sizeOver(data: string | Uint8Array, limit: number): number {
  if (typeof data === 'string') {
    if (data.length * 3 <= limit) return -1;
    const size = Buffer.byteLength(data);
    return size > limit ? size : -1;
  }
  return data.byteLength > limit ? data.byteLength : -1;
}
