// @rxdc/ws-server/cluster: several ws-servers sharing one Redis. A subpath of its own so that
// only apps that use it load ioredis (an optional peer dependency).

export { ClusterNode } from './cluster-node.js';
export type {
  ClusterOptions,
  RedisConnectionOptions,
  ResolvedClusterOptions,
} from './cluster-options.js';
export type { RelayCloseCode } from './relay-close-code.js';
export type { RelaySink } from './relay-tunnel.js';
export { RelayTunnel } from './relay-tunnel.js';
