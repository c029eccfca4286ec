import { type HoldBudget, processHoldBudget } from './hold-budget.js';
import { limit } from './limit-check.js';

/**
 * How much a channel or socket holds for a missing reader (messages that arrived while nobody
 * was subscribed or polling). node-datachannel cannot pause a channel's reading once a message
 * callback is set, and libdatachannel's own queue blocks its shared threads when full, so rxdc
 * always reads and holds up to these limits; reaching either one is `HOLD_OVERFLOW`.
 *
 * @example
 * ```ts
 * import type { HoldLimits } from '@rxdc/native';
 * const limits: HoldLimits = { maxHeldBytes: 64 * 1024 * 1024, maxHeldMessages: 10_000 };
 * ```
 */
export interface HoldLimits {
  /** Bytes held at most (a string counts its length). Default {@link DEFAULT_MAX_HELD_BYTES}. */
  maxHeldBytes?: number;
  /** Messages held at most. Default {@link DEFAULT_MAX_HELD_MESSAGES}. */
  maxHeldMessages?: number;
}

/**
 * Default bytes held per channel or socket for a missing reader: 16 MiB.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_HELD_BYTES } from '@rxdc/native';
 * console.log(DEFAULT_MAX_HELD_BYTES / 1024 / 1024, 'MiB');
 * ```
 */
export const DEFAULT_MAX_HELD_BYTES = 16 * 1024 * 1024;

/**
 * Default messages held per channel or socket for a missing reader.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_HELD_MESSAGES } from '@rxdc/native';
 * console.log(DEFAULT_MAX_HELD_MESSAGES);
 * ```
 */
export const DEFAULT_MAX_HELD_MESSAGES = 4096;

/**
 * Default number of objects (data channels, tracks, accepted sockets) held until taken: past
 * it, the newest is closed and not handed out.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_HELD_OBJECTS } from '@rxdc/native';
 * console.log(`${DEFAULT_MAX_HELD_OBJECTS} channels wait for dataChannel$ at most`);
 * ```
 */
export const DEFAULT_MAX_HELD_OBJECTS = 64;

/**
 * Checks {@link HoldLimits} (whole numbers >= 1, or left out) and fills in the defaults. What is
 * held is also charged to `budget` (default: the process's, see {@link processHoldBudget}).
 *
 * @throws {@link RtcError} `INVALID_CONFIG` naming the wrong field.
 * @example
 * ```ts
 * import { resolveHoldLimits } from '@rxdc/native';
 * const { maxBytes, maxCount } = resolveHoldLimits({ maxHeldMessages: 100 });
 * ```
 */
export function resolveHoldLimits(
  limits: HoldLimits | undefined,
  budget: HoldBudget = processHoldBudget(),
): {
  maxBytes: number;
  maxCount: number;
  budget: HoldBudget;
} {
  return {
    maxBytes: limit('maxHeldBytes', limits?.maxHeldBytes, DEFAULT_MAX_HELD_BYTES),
    maxCount: limit('maxHeldMessages', limits?.maxHeldMessages, DEFAULT_MAX_HELD_MESSAGES),
    budget,
  };
}

/**
 * Checks a held-objects limit (a whole number >= 1, or left out for the default).
 *
 * @throws {@link RtcError} `INVALID_CONFIG`.
 * @example
 * ```ts
 * import { resolveMaxHeldObjects } from '@rxdc/native';
 * const max = resolveMaxHeldObjects(undefined); // 64
 * ```
 */
export function resolveMaxHeldObjects(value: unknown): number {
  return limit('maxHeldObjects', value, DEFAULT_MAX_HELD_OBJECTS);
}
