import { checkOptions, describeGiven, isFunction } from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';
import { type Codec, codec } from './codec.js';

/**
 * Options of {@link json}.
 *
 * @example
 * ```ts
 * const options: JsonOptions<Chat> = { validate: (v): v is Chat => typeof v === 'object' && v !== null };
 * ```
 */
export interface JsonOptions<T> {
  /** Checks the shape of a parsed value; a `false` is a decode failure. */
  validate?: (value: unknown) => value is T;
}

/**
 * JSON as text messages: `encode` is `JSON.stringify`, `decode` parses text or UTF-8 bytes
 * (and checks the shape with `validate` when given).
 *
 * @example
 * ```ts
 * import { decodeWith, json } from '@rxdc/rx';
 * channel.messages$.pipe(decodeWith(json<{ text: string }>())).subscribe((result) => {
 *   if (result.ok) console.log(result.value.text);
 *   else console.warn(result.error.message);
 * });
 * ```
 */
export function json<T>(options: JsonOptions<T> = {}): Codec<T> {
  checkOptions('json(options)', options, { validate: isFunction });
  return codec<T>({
    name: 'json',
    encode: (value) => {
      const encoded = JSON.stringify(value);
      if (encoded === undefined) {
        throw new RxError(
          'INVALID_ARGUMENT',
          `json codec: cannot encode ${describeGiven(value)} (JSON has no representation for it)`,
        );
      }
      return encoded;
    },
    decode: (message) => {
      const value: unknown = JSON.parse(
        typeof message === 'string' ? message : message.toString('utf8'),
      );
      if (options.validate && !options.validate(value))
        throw new TypeError('value does not pass validate()');
      return value as T;
    },
  });
}
