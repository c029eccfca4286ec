import type { Redis } from 'ioredis';
import { pathField } from './presence.js';
import type { RedisKeys } from './redis-keys.js';
import { RedisScript } from './redis-script.js';

// Picks the live node (other than the caller) with the most free transceivers for a path and
// claims one of them, in one atomic step: the path's own count first, then the node's
// transceivers without a path. Ties go to the first node from a random starting point, so
// nodes spread their relays. The node hashes are read through the key prefix: they share the
// namespace's hash tag, hence its slot. The claim key is created only if this session has none
// yet (NX), so a claim is never counted twice. Returns the node's id, or false.
const claimScript = new RedisScript(
  `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
local n = #ids
if n == 0 then return false end
local start = tonumber(ARGV[7]) % n
local best, bestField, bestFree = nil, nil, 0
for i = 0, n - 1 do
  local id = ids[((start + i) % n) + 1]
  if id ~= ARGV[2] then
    local key = ARGV[1] .. id
    local forPath = tonumber(redis.call('HGET', key, ARGV[3]) or '0')
    local any = tonumber(redis.call('HGET', key, 'any') or '0')
    if forPath + any > bestFree then
      best = id
      bestFree = forPath + any
      if forPath > 0 then bestField = ARGV[3] else bestField = 'any' end
    end
  end
end
if not best then return false end
if not redis.call('SET', KEYS[2], ARGV[5] .. ' ' .. best .. ' ' .. ARGV[6], 'PX', ARGV[4], 'NX') then
  return false
end
redis.call('HINCRBY', ARGV[1] .. best, bestField, -1)
return best`,
  2,
);

/** What a claim key holds. @internal */
export function claimValue(from: string, to: string, path: string): string {
  return `${from} ${to} ${path}`;
}

/**
 * Claims, for `session`, a free transceiver for `path` on the live node that has the most:
 * resolves with that node's id, or undefined when no other node has one. @internal
 */
export async function claimFreeTransceiver(
  redis: Redis,
  keys: RedisKeys,
  claim: { session: string; from: string; path: string; ttlMs: number },
): Promise<string | undefined> {
  const result = await claimScript.run(
    redis,
    [keys.nodes, keys.claim(claim.session)],
    [
      keys.node(''),
      claim.from,
      pathField(claim.path),
      claim.ttlMs,
      claim.from,
      claim.path,
      Math.floor(Math.random() * 1_000_000),
    ],
  );
  return typeof result === 'string' ? result : undefined;
}

/**
 * Keeps the claims of live sessions alive for another `ttlMs` (SET, not PEXPIRE, so that the
 * claims come back after Redis restarted empty). @internal
 */
export async function refreshClaims(
  redis: Redis,
  keys: RedisKeys,
  claims: ReadonlyArray<{ session: string; from: string; to: string; path: string }>,
  ttlMs: number,
): Promise<void> {
  if (claims.length === 0) return;
  const pipeline = redis.pipeline();
  for (const claim of claims) {
    pipeline.set(
      keys.claim(claim.session),
      claimValue(claim.from, claim.to, claim.path),
      'PX',
      ttlMs,
    );
  }
  await pipeline.exec();
}

/** Releases a session's claim. @internal */
export async function releaseClaim(redis: Redis, keys: RedisKeys, session: string): Promise<void> {
  await redis.del(keys.claim(session));
}
