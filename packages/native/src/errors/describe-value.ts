/**
 * A short description of a value for error messages: `null`, `an array`, its class name, or its
 * `typeof`. Used in every "takes X, got Y" message.
 *
 * @example
 * ```ts
 * import { describeValue } from '@rxdc/native';
 * describeValue(new Map()); // 'Map'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}
