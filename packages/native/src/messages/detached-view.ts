/**
 * True when `view`'s buffer was detached (transferred, for example with `structuredClone(buffer,
 * { transfer: [buffer] })`): reading it throws a `TypeError`, so each face answers with its own
 * error instead. A detached view reports 0 bytes, so the check costs nothing for a non-empty one.
 * Node 20 has no `ArrayBuffer.prototype.detached`: there, a zero-length view on the buffer is
 * tried, which throws only when the buffer is detached.
 *
 * @example
 * ```ts
 * import { isDetachedView } from '@rxdc/native';
 * const bytes = new Uint8Array(4);
 * structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
 * isDetachedView(bytes); // true
 * ```
 */
export function isDetachedView(view: ArrayBufferView): boolean {
  return view.byteLength === 0 && isDetachedBuffer(view.buffer);
}

/**
 * True when `buffer` was detached (transferred): see {@link isDetachedView}.
 *
 * @example
 * ```ts
 * import { isDetachedBuffer } from '@rxdc/native';
 * const buffer = new ArrayBuffer(4);
 * structuredClone(buffer, { transfer: [buffer] });
 * isDetachedBuffer(buffer); // true
 * ```
 */
export function isDetachedBuffer(buffer: ArrayBufferLike): boolean {
  if (buffer.byteLength > 0) return false;
  const detached = (buffer as { detached?: unknown }).detached;
  if (typeof detached === 'boolean') return detached;
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}
