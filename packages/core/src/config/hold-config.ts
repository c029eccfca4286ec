import {
  type HoldBudget,
  type HoldLimits,
  peerHoldBudget,
  RtcError,
  refuseUnknownKeys,
  resolveHoldLimits,
  resolveMaxHeldObjects,
} from '@rxdc/native';

/**
 * What a peer connection, WebSocket or WebSocketServer holds for a missing reader: messages per
 * channel or socket (`maxHeldBytes`, `maxHeldMessages`: default 16 MiB and 4,096), messages
 * across all its channels or accepted sockets (`maxPeerHeldBytes`: default 64 MiB), and objects
 * not yet taken from `dataChannel$`, `track$` or `clients$` (`maxHeldObjects`: default 64).
 * The whole process holds at most 256 MiB for missing readers (see `setMaxProcessHeldBytes`).
 * Past a limit the channel is closed with `HOLD_OVERFLOW` (on its `error$` and `messages$`, after
 * what was held), or the newest object is closed and reported on the owner's `error$`.
 *
 * @example
 * ```ts
 * import type { HoldConfig } from '@rxdc/core';
 * const hold: HoldConfig = { maxHeldBytes: 64 * 1024 * 1024, maxHeldObjects: 16 };
 * ```
 */
export interface HoldConfig extends HoldLimits {
  /** Objects (channels, tracks, accepted sockets) held until taken. Default 64. */
  maxHeldObjects?: number;
  /**
   * Bytes held at most across every channel and track of a peer connection, or every accepted
   * socket of a server, taken or not (a remote that opens many channels cannot multiply the
   * per-channel limit). Default 64 MiB.
   */
  maxPeerHeldBytes?: number;
}

/** Every option of {@link HoldConfig}; the compiler keeps the list complete. */
const holdKeys = {
  maxHeldBytes: true,
  maxHeldMessages: true,
  maxHeldObjects: true,
  maxPeerHeldBytes: true,
} as const satisfies Record<keyof HoldConfig, true>;

/** The checked limits of a {@link HoldConfig}. @internal */
export interface ResolvedHold {
  readonly messages: { maxBytes: number; maxCount: number; budget: HoldBudget };
  readonly maxObjects: number;
}

/**
 * Checks `config.hold` and returns the limits and the config without it (for the native side).
 *
 * @throws {@link RtcError} `INVALID_CONFIG` naming the wrong field.
 * @internal
 */
export function splitHoldConfig<C extends { hold?: HoldConfig }>(
  config: C,
): [Omit<C, 'hold'>, ResolvedHold] {
  if (typeof config !== 'object' || config === null || !('hold' in config))
    return [config, resolveHold(undefined)];
  const { hold, ...rest } = config;
  return [rest, resolveHold(hold)];
}

function resolveHold(hold: HoldConfig | undefined): ResolvedHold {
  if (hold !== undefined && (typeof hold !== 'object' || hold === null))
    throw new RtcError('INVALID_CONFIG', 'hold must be an object of limits');
  if (hold !== undefined) refuseUnknownKeys('hold', hold, holdKeys);
  return {
    messages: resolveHoldLimits(hold, peerHoldBudget(hold?.maxPeerHeldBytes)),
    maxObjects: resolveMaxHeldObjects(hold?.maxHeldObjects),
  };
}
