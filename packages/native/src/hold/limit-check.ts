import { RtcError } from '../errors/rtc-error.js';

/** Checks a byte or count limit: a whole number >= 1, Infinity, or left out for `fallback`. @internal */
export function limit(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (
    typeof value === 'number' &&
    (Number.isSafeInteger(value) || value === Infinity) &&
    value >= 1
  )
    return value;
  throw new RtcError(
    'INVALID_CONFIG',
    `${name} must be a whole number >= 1 (or Infinity), got ${String(value)}`,
  );
}
