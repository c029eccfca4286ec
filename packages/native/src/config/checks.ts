import { isIP } from 'node:net';
import { RtcError } from '../errors/rtc-error.js';
import { checkStringLimit } from './string-limits.js';

/**
 * Returns a copy without the keys whose value is `undefined`: node-datachannel reads every key
 * that is present and throws "... must be a number" for an undefined one.
 *
 * @example
 * ```ts
 * import { dropUndefined } from '@rxdc/native';
 * dropUndefined({ port: 0, bindAddress: undefined }); // { port: 0 }
 * ```
 */
export function dropUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/**
 * Throws `INVALID_CONFIG` unless `value` is a whole number in `[min, max]`.
 *
 * @example
 * ```ts
 * import { requireWholeNumber } from '@rxdc/native';
 * const port = requireWholeNumber('port', 8080, 0, 65535);
 * ```
 */
export function requireWholeNumber(
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RtcError(
      'INVALID_CONFIG',
      `${name} must be a whole number from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Throws `INVALID_CONFIG` unless `value` is a numeric IPv4 or IPv6 address.
 *
 * @example
 * ```ts
 * import { requireIpAddress } from '@rxdc/native';
 * const address = requireIpAddress('bindAddress', '127.0.0.1');
 * ```
 */
export function requireIpAddress(name: string, value: unknown): string {
  if (typeof value !== 'string' || isIP(value) === 0) {
    throw new RtcError(
      'INVALID_CONFIG',
      `${name} must be an IPv4 or IPv6 address such as "127.0.0.1", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

const iceServerUrl =
  /^(?:(stun|turn|turns):)?(?:[^:@/\s]+:[^@/\s]*@)?(\[[0-9a-f:.]+\]|[^:@/?\s[\]]+)(?::(\d+))?(?:\?transport=(udp|tcp|tls))?$/i;

/**
 * Throws `INVALID_CONFIG` unless `url` is at most `STRING_LIMITS.iceServerUrl` bytes and
 * has the form libdatachannel documents:
 * `[("stun"|"turn"|"turns") ":"][login ":" password "@"]hostname[":" port]["?transport=" ("udp"|"tcp"|"tls")]`.
 *
 * @example
 * ```ts
 * import { requireIceServerUrl } from '@rxdc/native';
 * const url = requireIceServerUrl('stun:stun.example.org:3478');
 * ```
 */
export function requireIceServerUrl(url: unknown): string {
  // Before any parsing: libdatachannel's own parse of a long URL crashes the process.
  if (typeof url === 'string') checkStringLimit('iceServerUrl', url, 'INVALID_CONFIG');
  const match = typeof url === 'string' ? iceServerUrl.exec(url) : null;
  const port = match?.[3];
  if (!match || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    throw new RtcError(
      'INVALID_CONFIG',
      `invalid ICE server URL ${JSON.stringify(url)}: expected [stun:|turn:|turns:][user:password@]host[:port][?transport=udp|tcp|tls], ` +
        'for example "stun:stun.example.org:3478"',
    );
  }
  return url as string;
}
