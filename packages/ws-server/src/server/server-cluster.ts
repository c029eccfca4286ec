import type { Observable } from 'rxjs';
import type { WsServerError } from '../errors/ws-server-error.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';

/**
 * What a node advertises to its cluster: its free transceivers per path, and those added
 * without a path (they take clients of any path).
 *
 * @example
 * ```ts
 * import type { Availability } from '@rxdc/ws-server';
 * const free: Availability = { paths: { '/ws/camera-1': 2 }, any: 0 };
 * ```
 */
export interface Availability {
  /** Free transceivers bound to each path. */
  readonly paths: Readonly<Record<string, number>>;
  /** Free transceivers added without a path. */
  readonly any: number;
}

/**
 * The side of a {@link WsServer} its cluster sees: what is free here, and a way to give a
 * client relayed from another node to a local transceiver. The server passes it to
 * {@link ServerCluster.join}; implement it only to host a cluster without a `WsServer`.
 *
 * @example
 * ```ts
 * import type { ClusterHost } from '@rxdc/ws-server';
 * const host: ClusterHost = {
 *   availability: () => ({ paths: { '/ws/camera-1': transceiver.isAvailable ? 1 : 0 }, any: 0 }),
 *   takeRelayed: (socket, path) => {
 *     if (!transceiver.isAvailable) return false;
 *     transceiver.connect(socket, path);
 *     return true;
 *   },
 * };
 * ```
 */
export interface ClusterHost {
  /** The transceivers free now. */
  availability(): Availability;
  /**
   * Connects a client another node relays here to a free local transceiver for `path` (the
   * client listeners already ran on the node the client reached). False when none is free.
   */
  takeRelayed(socket: SignalingSocket, path: string, requestPath: string): boolean;
}

/**
 * A cluster a {@link WsServer} can belong to, given as its `cluster` option: the
 * `ClusterNode` of `@rxdc/ws-server/cluster` (Redis). The server joins it when it starts
 * listening and leaves it when it stops; a client that no local transceiver takes is offered
 * to the cluster before it is refused.
 *
 * @example
 * ```ts
 * import { WsServer } from '@rxdc/ws-server';
 * import { ClusterNode } from '@rxdc/ws-server/cluster';
 * const server = new WsServer({ cluster: new ClusterNode({ redis: 'redis://127.0.0.1:6379' }) });
 * ```
 */
export interface ServerCluster {
  /** Starts serving `host` in the cluster (advertising, taking relayed clients). */
  join(host: ClusterHost): void;
  /** The free transceivers changed here: advertise them soon. */
  changed(): void;
  /**
   * Relays `socket`, a client of this node with no free transceiver here, to a free one of
   * another node. Resolves true when one took it (the client is then served through the
   * cluster until either side closes), false when none could (the caller refuses it).
   */
  relay(socket: SignalingSocket, path: string, requestPath: string): Promise<boolean>;
  /** Stops taking relayed clients and advertising; sessions open keep going. */
  drain(): void;
  /** Ends every relayed session and leaves the cluster; `join()` may follow again. */
  leave(): Promise<void>;
  /**
   * The cluster's own problems (Redis unreachable, invalid data in it); a joined server
   * reports them on its `errors$` too.
   */
  readonly errors$?: Observable<WsServerError>;
}
