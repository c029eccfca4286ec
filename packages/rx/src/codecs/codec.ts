import type { Message, Sendable } from '@rxdc/core';
import { checkArgument, hasMembers } from '../errors/argument-checks.js';

/** A codec: a name, `encode()` and `decode()`. @internal */
export const isCodec = hasMembers('a codec', {
  name: 'string',
  encode: 'function',
  decode: 'function',
});

/**
 * How values of type `T` travel as channel messages. `decode` may throw: the codec operators
 * turn that into a `DECODE_FAILED` value, never an exception.
 *
 * @example
 * ```ts
 * const upper: Codec<string> = {
 *   name: 'upper',
 *   encode: (value) => value.toUpperCase(),
 *   decode: (message) => String(message),
 * };
 * ```
 */
export interface Codec<T> {
  /** Named in decode errors. */
  readonly name: string;
  /** Turns a value into the message to send (a `string` or bytes). May throw on a bad value. */
  encode(value: T): Sendable;
  /**
   * Turns a received message back into a value. Throw when the message is not a valid `T`:
   * `decodeWith` reports it as a `DECODE_FAILED` value naming the message and this codec.
   */
  decode(message: Message): T;
}

/**
 * Defines a codec: the way to add one beside {@link json}, {@link text} and {@link binary}.
 *
 * @example
 * ```ts
 * import { codec } from '@rxdc/rx';
 * const point = codec<{ x: number; y: number }>({
 *   name: 'point',
 *   encode: ({ x, y }) => new Uint8Array(new Float64Array([x, y]).buffer),
 *   decode: (message) => {
 *     if (typeof message === 'string' || message.byteLength !== 16) throw new Error('expected 16 bytes');
 *     const [x, y] = new Float64Array(message.buffer.slice(message.byteOffset, message.byteOffset + 16));
 *     return { x: x as number, y: y as number };
 *   },
 * });
 * ```
 */
export function codec<T>(definition: Codec<T>): Codec<T> {
  checkArgument('codec(definition)', 'definition', definition, isCodec);
  return Object.freeze({ ...definition });
}
