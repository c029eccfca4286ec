import { type Codec, codec } from './codec.js';

/**
 * Bytes: `Uint8Array` values are sent as binary messages and decoded as `Uint8Array` (a
 * `Buffer`). A text message is a decode failure.
 *
 * @example
 * ```ts
 * import { binary, decodeWith } from '@rxdc/rx';
 * channel.messages$.pipe(decodeWith(binary())).subscribe((r) => r.ok && console.log(r.value.byteLength));
 * ```
 */
export function binary(): Codec<Uint8Array> {
  return codec<Uint8Array>({
    name: 'binary',
    encode: (value) => value,
    decode: (message) => {
      if (typeof message === 'string') throw new TypeError('expected a binary message, got text');
      return message;
    },
  });
}
