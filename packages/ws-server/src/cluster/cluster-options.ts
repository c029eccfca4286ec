import { randomBytes } from 'node:crypto';
import { WsServerError } from '../errors/ws-server-error.js';

/**
 * Where Redis is, as ioredis's connection options (its `RedisOptions`: host, port, username,
 * password, db, tls and the rest are passed to it as given). Declared here so that an app's
 * types never need ioredis's: `@rxdc/ws-server` type-checks without ioredis installed.
 *
 * @example
 * ```ts
 * const redis: RedisConnectionOptions = { host: '10.0.0.5', port: 6380, password: 'secret' };
 * const node = new ClusterNode({ redis });
 * ```
 */
export interface RedisConnectionOptions {
  /** Redis's host name or address (default `'localhost'`). */
  readonly host?: string;
  /** Redis's port (default 6379). */
  readonly port?: number;
  /** The ACL user name, for Redis 6 and later. */
  readonly username?: string;
  /** The password (`AUTH`). */
  readonly password?: string;
  /** The database number (default 0). */
  readonly db?: number;
  /** Node's `tls.connect` options, for `rediss`. */
  readonly tls?: object;
  readonly [option: string]: unknown;
}

/**
 * Options of a {@link ClusterNode}: where Redis is, who this node is, and the limits of the
 * relay. Only `redis` is required.
 *
 * @example
 * ```ts
 * import { ClusterNode } from '@rxdc/ws-server/cluster';
 * const node = new ClusterNode({ redis: 'redis://127.0.0.1:6379', nodeId: 'eu-1' });
 * ```
 */
export interface ClusterOptions {
  /** A `redis://` URL, or ioredis connection options (host, port, password, tls, ...). */
  readonly redis: string | RedisConnectionOptions;
  /** This node's name, unique in the cluster (default: random). Letters, digits, `-_.`. */
  readonly nodeId?: string;
  /** Keeps several clusters apart on one Redis (default `'default'`). Letters, digits, `-_.`. */
  readonly namespace?: string;
  /** How often this node advertises itself, in ms (default 1000). */
  readonly heartbeatMs?: number;
  /** How long an advertisement lives without a heartbeat, in ms (default 3 heartbeats). */
  readonly ttlMs?: number;
  /** How long a claim lives unless its owner refreshes it, in ms (default `ttlMs`). */
  readonly claimTtlMs?: number;
  /** How long a relay waits for the owning node to take a client, in ms (default 5000). */
  readonly openTimeoutMs?: number;
  /** Frames one relayed session may have in flight to Redis before it is closed (default 256). */
  readonly maxPendingFrames?: number;
  /** Redis commands that take longer than this fail, in ms (default 2000). */
  readonly commandTimeoutMs?: number;
}

/**
 * {@link ClusterOptions} with every default filled in and checked, as
 * `ClusterNode.options` gives them.
 *
 * @example
 * ```ts
 * const node = new ClusterNode({ redis: 'redis://127.0.0.1:6379' });
 * console.log(node.id, node.options.heartbeatMs); // a random id, 1000
 * ```
 */
export interface ResolvedClusterOptions {
  /** Where Redis is. */
  readonly redis: string | RedisConnectionOptions;
  /** This node's id. */
  readonly nodeId: string;
  /** The namespace of the cluster's keys. */
  readonly namespace: string;
  /** How often the node advertises itself, in ms. */
  readonly heartbeatMs: number;
  /** How long an advertisement lives without a heartbeat, in ms. */
  readonly ttlMs: number;
  /** How long a claim lives unless refreshed, in ms. */
  readonly claimTtlMs: number;
  /** How long a relay waits for the owning node, in ms. */
  readonly openTimeoutMs: number;
  /** Frames one session may have waiting for Redis. */
  readonly maxPendingFrames: number;
  /** How long a Redis command may take, in ms. */
  readonly commandTimeoutMs: number;
}

const namePattern = /^[A-Za-z0-9_.-]{1,64}$/;

/** Checks `options` and fills in defaults. @internal */
export function resolveClusterOptions(options: ClusterOptions): ResolvedClusterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new WsServerError('INVALID_ARGUMENT', 'cluster options must be an object with `redis`');
  }
  const { redis } = options;
  if (typeof redis === 'string') {
    if (!/^rediss?:\/\//.test(redis)) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `cluster.redis must be a redis:// or rediss:// URL, got ${JSON.stringify(redis)}`,
      );
    }
  } else if (typeof redis !== 'object' || redis === null) {
    throw new WsServerError(
      'INVALID_ARGUMENT',
      'cluster.redis must be a redis:// URL or ioredis options',
    );
  }
  const name = (key: 'nodeId' | 'namespace', fallback: string) => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'string' || !namePattern.test(value)) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `cluster.${key} must be 1 to 64 letters, digits, '-', '_' or '.', got ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  const ms = (key: keyof ClusterOptions, fallback: number, min: number) => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `cluster.${key} must be a whole number of at least ${min}, got ${String(value)}`,
      );
    }
    return value;
  };
  const heartbeatMs = ms('heartbeatMs', 1000, 50);
  const ttlMs = ms('ttlMs', heartbeatMs * 3, heartbeatMs * 2);
  return {
    redis,
    nodeId: name('nodeId', randomBytes(6).toString('hex')),
    namespace: name('namespace', 'default'),
    heartbeatMs,
    ttlMs,
    claimTtlMs: ms('claimTtlMs', ttlMs, heartbeatMs * 2),
    openTimeoutMs: ms('openTimeoutMs', 5000, 100),
    maxPendingFrames: ms('maxPendingFrames', 256, 1),
    commandTimeoutMs: ms('commandTimeoutMs', 2000, 100),
  };
}
