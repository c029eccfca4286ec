import type { Redis } from 'ioredis';
import type { Availability } from '../server/server-cluster.js';
import type { RedisKeys } from './redis-keys.js';
import { RedisScript } from './redis-script.js';

// Rewrites the node's hash from scratch (so a path that is gone disappears), gives it a TTL,
// and indexes the node in the sorted set by expiry, pruning nodes that expired. Redis's own
// clock is used so nodes with skewed clocks agree.
const heartbeatScript = new RedisScript(
  `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'at', now)
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return now`,
  2,
);

const leaveScript = new RedisScript(
  `redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1`,
  2,
);

const liveNodesScript = new RedisScript(
  `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')`,
  1,
);

/** The hash field of a path's free count. @internal */
export function pathField(path: string): string {
  return `path:${path}`;
}

/** Writes this node's advertisement, alive for `ttlMs`. @internal */
export async function heartbeat(
  redis: Redis,
  keys: RedisKeys,
  nodeId: string,
  ttlMs: number,
  free: Availability | undefined,
): Promise<void> {
  const fields: Array<string | number> = [];
  if (free) {
    for (const [path, count] of Object.entries(free.paths)) {
      if (count > 0) fields.push(pathField(path), count);
    }
    if (free.any > 0) fields.push('any', free.any);
  }
  await heartbeatScript.run(redis, [keys.nodes, keys.node(nodeId)], [nodeId, ttlMs, ...fields]);
}

/** Removes this node's advertisement at once (a graceful leave). @internal */
export async function leave(redis: Redis, keys: RedisKeys, nodeId: string): Promise<void> {
  await leaveScript.run(redis, [keys.nodes, keys.node(nodeId)], [nodeId]);
}

/** The ids of the nodes whose advertisement has not expired. @internal */
export async function liveNodes(redis: Redis, keys: RedisKeys): Promise<string[]> {
  return (await liveNodesScript.run(redis, [keys.nodes], [])) as string[];
}

/**
 * The other live nodes with a free transceiver for `path`, most free first (ties in random
 * order, so that nodes spread their relays).
 *
 * @internal
 */
export async function nodesWithFree(
  redis: Redis,
  keys: RedisKeys,
  selfId: string,
  path: string,
): Promise<string[]> {
  const ids = (await liveNodes(redis, keys)).filter((id) => id !== selfId);
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hmget(keys.node(id), pathField(path), 'any');
  const replies = (await pipeline.exec()) ?? [];
  const scored: Array<{ id: string; free: number; tie: number }> = [];
  replies.forEach(([error, values], index) => {
    if (error) return;
    const [forPath, any] = values as [string | null, string | null];
    const free = Number(forPath ?? 0) + Number(any ?? 0);
    if (free > 0) scored.push({ id: ids[index]!, free, tie: Math.random() });
  });
  scored.sort((a, b) => b.free - a.free || a.tie - b.tie);
  return scored.map((entry) => entry.id);
}

/** Whether `nodeId`'s advertisement is alive. @internal */
export async function isAlive(redis: Redis, keys: RedisKeys, nodeId: string): Promise<boolean> {
  return (await redis.exists(keys.node(nodeId))) === 1;
}
