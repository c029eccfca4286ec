import { type Codec, codec } from './codec.js';

/**
 * Text: strings are sent as text messages; a binary message is decoded as UTF-8, and bytes that
 * are not valid UTF-8 are a decode failure (never replaced silently).
 *
 * @example
 * ```ts
 * import { decodeWith, text } from '@rxdc/rx';
 * channel.messages$.pipe(decodeWith(text())).subscribe(console.log);
 * ```
 */
export function text(): Codec<string> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return codec<string>({
    name: 'text',
    encode: (value) => value,
    decode: (message) => (typeof message === 'string' ? message : utf8.decode(message)),
  });
}
