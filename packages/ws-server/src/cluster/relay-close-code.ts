/**
 * Why a relayed session ended, as the client is told in its error frame:
 * - `CLOSED`: one side closed it normally (the client left, or the transceiver disconnected);
 * - `RELAY_NODE_LOST`: the other node stopped heartbeating or stopped listening (it died);
 * - `RELAY_UNAVAILABLE`: Redis could not carry a frame (an outage), or lost one;
 * - `RELAY_OVERFLOW`: more frames were waiting for Redis than the session's limit;
 * - `DRAINING`: the node is shutting down.
 *
 * @example
 * ```ts
 * import type { RelayCloseCode } from '@rxdc/ws-server/cluster';
 * const retry = (code: RelayCloseCode) => code !== 'CLOSED';
 * ```
 */
export type RelayCloseCode =
  | 'CLOSED'
  | 'RELAY_NODE_LOST'
  | 'RELAY_UNAVAILABLE'
  | 'RELAY_OVERFLOW'
  | 'DRAINING';
