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
  if (view.byteLength > 0) return false;
  const buffer = view.buffer as ArrayBufferLike & { detached?: boolean };
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}
