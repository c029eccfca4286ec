/**
 * WebIDL's conversions of JavaScript values to IDL types, as WebRTC 1.0's methods and
 * dictionaries need them (https://webidl.spec.whatwg.org/#es-type-mapping). Each throws the
 * `TypeError` WebIDL names; callers of promise-returning methods turn it into a rejection.
 */

/** WebIDL `DOMString`: `String(value)`, except that a Symbol is a TypeError. */
export function toDOMString(value: unknown, what: string): string {
  if (typeof value === 'symbol') throw new TypeError(`${what}: a Symbol is not a string`);
  return String(value);
}

/** WebIDL `USVString`: a DOMString whose lone surrogates become U+FFFD. */
export function toUSVString(value: unknown, what: string): string {
  const string = toDOMString(value, what);
  // Most strings are well formed: skip the replace (a send's hot path).
  if ((string as { isWellFormed?: () => boolean }).isWellFormed?.() === true) return string;
  // Lone surrogates (a high one not followed by a low one, or a low one not after a high one).
  return string.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/** WebIDL `boolean`. */
export function toBoolean(value: unknown): boolean {
  return Boolean(value);
}

/**
 * WebIDL integer types without `[EnforceRange]`: ToNumber, then modulo 2^bits (NaN and the
 * infinities give 0), as `unsigned short` and `octet` are converted.
 */
export function toUnsignedInteger(value: unknown, bits: 8 | 16 | 32, what: string): number {
  const number = toNumber(value, what);
  if (!Number.isFinite(number)) return 0;
  const truncated = Math.trunc(number);
  const modulo = 2 ** bits;
  return ((truncated % modulo) + modulo) % modulo;
}

/** WebIDL `[EnforceRange] unsigned long long` (and smaller): a TypeError out of range. */
export function toEnforcedUnsigned(value: unknown, max: number, what: string): number {
  const number = toNumber(value, what);
  if (!Number.isFinite(number)) throw new TypeError(`${what} must be a finite number`);
  const truncated = Math.trunc(number);
  if (truncated < 0 || truncated > max)
    throw new TypeError(`${what} must be from 0 to ${max}, got ${String(number)}`);
  return truncated;
}

/** WebIDL `[EnforceRange] unsigned short`. */
export function toEnforcedUnsignedShort(value: unknown, what: string): number {
  return toEnforcedUnsigned(value, 65535, what);
}

function toNumber(value: unknown, what: string): number {
  if (typeof value === 'symbol' || typeof value === 'bigint')
    throw new TypeError(`${what} must be a number`);
  return Number(value);
}

/** A WebIDL enumeration: the DOMString, which must be one of `values` (else a TypeError). */
export function toEnum<T extends string>(value: unknown, values: readonly T[], what: string): T {
  const string = toDOMString(value, what);
  if (!(values as readonly string[]).includes(string)) {
    throw new TypeError(
      `${what} must be one of ${values.map((v) => `'${v}'`).join(', ')}, got '${string}'`,
    );
  }
  return string as T;
}

/**
 * A WebIDL dictionary argument: undefined and null are an empty dictionary, an object is read
 * member by member, anything else is a TypeError.
 */
export function toDictionary(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' && typeof value !== 'function')
    throw new TypeError(`${what} must be an object (a dictionary)`);
  return value as Record<string, unknown>;
}

/** WebIDL `sequence<T>`: any iterable object (a string is not one). */
export function toSequence(value: unknown, what: string): unknown[] {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(`${what} must be a sequence (an array or other iterable)`);
  }
  return [...(value as Iterable<unknown>)];
}
