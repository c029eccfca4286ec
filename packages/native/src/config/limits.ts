import { RtcError } from '../errors/rtc-error.js';

/**
 * The largest MTU a peer connection accepts. Measured with node-datachannel 0.33: up to about
 * 4150 bytes everything arrives; from about 4160 the connection opens but large messages never
 * do (the ICE layer receives datagrams of about 4 KiB at most).
 *
 * @example
 * ```ts
 * import { MAX_MTU } from '@rxdc/native';
 * const mtu = Math.min(9000, MAX_MTU);
 * ```
 */
export const MAX_MTU = 4096;

/**
 * How many remote candidates given before the remote description are kept for it. A signaling
 * channel delivers a few dozen at most; the bound keeps a hostile peer from growing memory.
 *
 * @example
 * ```ts
 * import { MAX_EARLY_REMOTE_CANDIDATES } from '@rxdc/native';
 * console.log(`up to ${MAX_EARLY_REMOTE_CANDIDATES} early candidates are kept`);
 * ```
 */
export const MAX_EARLY_REMOTE_CANDIDATES = 256;

/**
 * Throws `INVALID_CONFIG` unless `mtu` is left out (undefined or null, or 0 for automatic) or a
 * whole number up to {@link MAX_MTU}.
 *
 * @example
 * ```ts
 * import { checkMtu } from '@rxdc/native';
 * checkMtu(1400);
 * ```
 */
export function checkMtu(mtu: unknown): void {
  if (mtu === undefined || mtu === null) return;
  if (typeof mtu === 'number' && Number.isSafeInteger(mtu) && mtu > MAX_MTU) {
    throw new RtcError(
      'INVALID_CONFIG',
      `mtu ${mtu} is above ${MAX_MTU}: node-datachannel receives datagrams of about 4 KiB at most, ` +
        'so every message filling a larger packet would be lost',
    );
  }
  if (typeof mtu !== 'number' || !Number.isSafeInteger(mtu) || mtu < 0) {
    throw new RtcError(
      'INVALID_CONFIG',
      `mtu must be a whole number from 0 to ${MAX_MTU}, got ${String(mtu)}`,
    );
  }
}
