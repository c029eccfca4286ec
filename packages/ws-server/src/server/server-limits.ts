import { WsServerError } from '../errors/ws-server-error.js';

/**
 * The limits a {@link WsServer} applies to its clients, set with `listen()` or `attach()`.
 * Every field is optional; the defaults suit a signaling server on the open internet.
 *
 * | limit | default | beyond it |
 * |---|---|---|
 * | `maxConnections` | 10,000 | HTTP 503 at the upgrade |
 * | `maxConnectionsPerAddress` | 256 | HTTP 503 at the upgrade |
 * | `maxPeers` | 1,000 | HTTP 503 at the upgrade (1013 for a client handed over) |
 * | `maxPayload` | 256 KiB | close 1009 |
 * | `maxBufferedAmount` | 4 MiB | close 1008, the client is dropped |
 * | `handshakeTimeout` | 10 s | the TCP connection is dropped |
 * | `keepaliveInterval` | 30 s | a client that missed a ping is dropped |
 * | `stopTimeout` | 3 s | `stop()` drops clients that did not close by then |
 *
 * @example
 * ```ts
 * server.listen(0, { bindAddress: '127.0.0.1', maxConnectionsPerAddress: 1000, maxPayload: 64 * 1024 });
 * ```
 */
export interface ServerLimits {
  /** Clients connected or handshaking at once; more get HTTP 503. Default 10,000. */
  readonly maxConnections?: number;
  /** Clients from one remote address at once; more get HTTP 503. Default 256. */
  readonly maxConnectionsPerAddress?: number;
  /**
   * Clients handed to a transceiver at once (each holds a peer connection: its memory, its
   * ports, its CPU), counting those still on their way to one; more get HTTP 503 at the
   * upgrade, before a WebSocket or a peer exists. Default 1,000.
   */
  readonly maxPeers?: number;
  /** The largest message a client may send, in bytes; larger closes it with 1009. Default 256 KiB. */
  readonly maxPayload?: number;
  /**
   * Bytes queued for one client that does not read; beyond it the client is closed (1008) and
   * dropped rather than buffered without end. Default 4 MiB.
   */
  readonly maxBufferedAmount?: number;
  /**
   * Milliseconds a TCP connection has to send its complete upgrade request (headers held
   * open, garbage, silence); then it is dropped. Default 10,000.
   */
  readonly handshakeTimeout?: number;
  /**
   * Milliseconds between keepalive pings; a client that has not answered the previous ping is
   * dropped. 0 turns keepalive off. Default 30,000.
   */
  readonly keepaliveInterval?: number;
  /** Milliseconds `stop()` waits for clients to answer its close (1001) before dropping them. Default 3,000. */
  readonly stopTimeout?: number;
}

/** The limits with every default filled in. @internal */
export type ResolvedLimits = { readonly [K in keyof ServerLimits]-?: number };

/** The default of each limit. @internal */
export const defaultLimits: ResolvedLimits = Object.freeze({
  maxConnections: 10_000,
  maxConnectionsPerAddress: 256,
  maxPeers: 1_000,
  maxPayload: 256 * 1024,
  maxBufferedAmount: 4 * 1024 * 1024,
  handshakeTimeout: 10_000,
  keepaliveInterval: 30_000,
  stopTimeout: 3_000,
});

/** Checks the limits given and fills in the defaults. @internal */
export function resolveLimits(options: ServerLimits): ResolvedLimits {
  const resolved: Record<string, number> = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as Array<keyof ServerLimits>) {
    const value = options[key];
    if (value === undefined) continue;
    const zeroAllowed = key === 'keepaliveInterval';
    if (
      typeof value !== 'number' ||
      !Number.isSafeInteger(value) ||
      value < (zeroAllowed ? 0 : 1)
    ) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `${key} must be a whole number ${zeroAllowed ? 'of 0 or more' : 'above 0'}, got ${String(value)}`,
      );
    }
    resolved[key] = value;
  }
  return resolved as ResolvedLimits;
}
