import { splitHoldConfig } from './hold-config.js';
import { type PeerConnectionConfig, toNativeConfig } from './peer-connection-config.js';

/**
 * Checks a {@link PeerConnectionConfig} the way `new PeerConnection` will, without creating a
 * peer: for code that keeps a configuration to create peers with later (a transceiver creates
 * one for each client) and must refuse a wrong one when it is given.
 *
 * @throws {@link RtcError} `INVALID_CONFIG`, naming the field and what is allowed.
 * @example
 * ```ts
 * import { checkPeerConnectionConfig } from '@rxdc/core';
 * checkPeerConnectionConfig({ iceServers: [], bindAddress: '127.0.0.1' });
 * ```
 */
export function checkPeerConnectionConfig(config: PeerConnectionConfig): void {
  toNativeConfig(splitHoldConfig(config)[0]);
}
