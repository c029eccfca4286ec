import type { Redis } from 'ioredis';
import type { Availability } from '../server/server-cluster.js';
import type { RedisKeys } from './redis-keys.js';
import { RedisScript } from './redis-script.js';

// Rewrites the node's hash from scratch (so a path that is gone disappears, and a value
// someone else wrote there is replaced), gives it a TTL, and indexes the node in the sorted set
// by expiry, pruning nodes that expired. An index of the wrong type (written by something
// else) is removed first, or no node could ever join again: the reply then says so
// ({ now, 'repaired' }). Redis's own clock is used so nodes with skewed clocks agree.
const heartbeatScript = new RedisScript(
  `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local repaired = ''
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'zset' and kind ~= 'none' then
  redis.call('DEL', KEYS[1])
  repaired = kind
end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'at', now)
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return { now, repaired }`,
  2,
);

const leaveScript = new RedisScript(
  `redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1`,
  2,
);

/** The hash field of a path's free count. @internal */
export function pathField(path: string): string {
  return `path:${path}`;
}

/**
 * Writes this node's advertisement, alive for `ttlMs`. Resolves with the type of the node
 * index it had to replace (something else wrote it), or undefined. @internal
 */
export async function heartbeat(
  redis: Redis,
  keys: RedisKeys,
  nodeId: string,
  ttlMs: number,
  free: Availability | undefined,
): Promise<string | undefined> {
  const fields: Array<string | number> = [];
  if (free) {
    for (const [path, count] of Object.entries(free.paths)) {
      if (count > 0) fields.push(pathField(path), count);
    }
    if (free.any > 0) fields.push('any', free.any);
  }
  const reply = await heartbeatScript.run(
    redis,
    [keys.nodes, keys.node(nodeId)],
    [nodeId, ttlMs, ...fields],
  );
  const repaired = Array.isArray(reply) ? String(reply[1] ?? '') : '';
  return repaired === '' ? undefined : repaired;
}

/** Removes this node's advertisement at once (a graceful leave). @internal */
export async function leave(redis: Redis, keys: RedisKeys, nodeId: string): Promise<void> {
  await leaveScript.run(redis, [keys.nodes, keys.node(nodeId)], [nodeId]);
}
