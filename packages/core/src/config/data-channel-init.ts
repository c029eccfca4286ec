import {
  checkStringLimit,
  type DataChannelInitConfig,
  describeValue,
  RtcError,
  refuseUnknownKeys,
} from '@rxdc/native';

/** Every option of a new data channel; the compiler keeps the list complete. */
const dataChannelInitKeys = {
  protocol: true,
  negotiated: true,
  id: true,
  unordered: true,
  maxPacketLifeTime: true,
  maxRetransmits: true,
} as const satisfies Record<keyof DataChannelInitConfig, true>;

/**
 * Checks the options of a new data channel and drops the keys left undefined
 * (node-datachannel reads every key that is present).
 *
 * @internal
 */
export function checkDataChannelInit(init: DataChannelInitConfig): DataChannelInitConfig {
  if (typeof init !== 'object' || init === null) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `data channel options must be an object, got ${describeValue(init)}`,
    );
  }
  refuseUnknownKeys('data channel options', init, dataChannelInitKeys, 'INVALID_ARGUMENT');
  const { protocol, negotiated, id, unordered, maxPacketLifeTime, maxRetransmits } = init;
  const wholeNumber = (name: string, value: unknown, max: number) => {
    if (
      value !== undefined &&
      (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max)
    ) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `data channel ${name} must be a whole number from 0 to ${max}, got ${String(value)}`,
      );
    }
  };
  wholeNumber('id', id, 65534);
  wholeNumber('maxPacketLifeTime', maxPacketLifeTime, 65535);
  wholeNumber('maxRetransmits', maxRetransmits, 65535);
  if (maxPacketLifeTime !== undefined && maxRetransmits !== undefined) {
    throw new RtcError('INVALID_ARGUMENT', 'set maxPacketLifeTime or maxRetransmits, not both');
  }
  if (negotiated && id === undefined) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      'a negotiated data channel needs an id agreed with the remote side',
    );
  }
  if (protocol !== undefined && typeof protocol !== 'string') {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `data channel protocol must be a string, got ${describeValue(protocol)}`,
    );
  }
  if (protocol !== undefined) checkStringLimit('protocol', protocol);
  return Object.fromEntries(
    Object.entries({
      protocol,
      negotiated,
      id,
      unordered,
      maxPacketLifeTime,
      maxRetransmits,
    }).filter(([, v]) => v !== undefined),
  );
}

/**
 * Options of a new data channel (libdatachannel's `rtcDataChannelInit`).
 *
 * @example
 * ```ts
 * import type { DataChannelInit } from '@rxdc/core';
 * const init: DataChannelInit = { protocol: 'json', unordered: true };
 * ```
 */
export type DataChannelInit = DataChannelInitConfig;
