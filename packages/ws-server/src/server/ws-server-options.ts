import type { AdmissionOptions } from './admission.js';
import type { ServerCluster } from './server-cluster.js';

/**
 * Options of a {@link WsServer}: who may connect (`allowedOrigins`, `admit`; see
 * {@link AdmissionOptions}) and the cluster. Every field is optional.
 *
 * @example
 * ```ts
 * import { WsServer } from '@rxdc/ws-server';
 * import { ClusterNode } from '@rxdc/ws-server/cluster';
 * const server = new WsServer({ cluster: new ClusterNode({ redis: 'redis://127.0.0.1:6379' }) });
 * ```
 */
export interface WsServerOptions extends AdmissionOptions {
  /**
   * Share transceivers with other servers: a client that no transceiver here takes is relayed
   * to a free one of another node (`ClusterNode` of `@rxdc/ws-server/cluster`, on Redis).
   * Without it the server serves its own transceivers only.
   */
  readonly cluster?: ServerCluster;
}

/**
 * Options of {@link WsServer.drain}.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', () => server.drain({ timeout: 10_000 }));
 * ```
 */
export interface DrainOptions {
  /**
   * Milliseconds the clients connected have to finish before the rest are closed with 1001.
   * Default 30,000.
   */
  readonly timeout?: number;
}
