import type { Redis } from 'ioredis';
import { pathField } from './presence.js';
import type { RedisKeys } from './redis-keys.js';
import { RedisScript } from './redis-script.js';

// Picks the live node (other than the caller) with the most free transceivers for a path and
// claims one of them, in one atomic step: the path's own count first, then the node's
// transceivers without a path. Ties go to the first node from a random starting point, so
// nodes spread their relays. The node hashes are read through the key prefix: they share the
// namespace's hash tag, hence its slot. The claim key is created only if this session has none
// yet (NX), so a claim is never counted twice.
//
// What is read is checked, not trusted: anything may write to Redis, and one bad value must
// not refuse every relay of the cluster. A node index of the wrong type, a node hash of the
// wrong type, or a count that is not a whole number >= 0 is skipped (that node is not picked)
// and named in the reply; each node's heartbeat rewrites its own hash, and the index is
// repaired by the next heartbeat (presence.ts). Returns { node id or '', bad entry... }.
const claimScript = new RedisScript(
  `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bad = {}
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'zset' then
  if kind ~= 'none' then bad[#bad + 1] = 'index (a ' .. kind .. ', not a sorted set)' end
  return { '', unpack(bad) }
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
local n = #ids
if n == 0 then return { '' } end
local start = tonumber(ARGV[7]) % n
local function count(key, field, id)
  local v = redis.call('HGET', key, field)
  if not v then return 0 end
  local c = tonumber(v)
  if c == nil or c < 0 or c ~= math.floor(c) or c > 1000000000 then
    bad[#bad + 1] = 'node ' .. id .. ' ' .. field .. ' = ' .. string.sub(v, 1, 40)
    return nil
  end
  return c
end
local best, bestField, bestFree = nil, nil, 0
for i = 0, n - 1 do
  local id = ids[((start + i) % n) + 1]
  if id ~= ARGV[2] then
    local key = ARGV[1] .. id
    local hashKind = redis.call('TYPE', key)['ok']
    if hashKind == 'hash' then
      local forPath = count(key, ARGV[3], id)
      local any = count(key, 'any', id)
      if forPath ~= nil and any ~= nil and forPath + any > bestFree then
        best = id
        bestFree = forPath + any
        if forPath > 0 then bestField = ARGV[3] else bestField = 'any' end
      end
    elseif hashKind ~= 'none' then
      bad[#bad + 1] = 'node ' .. id .. ' (a ' .. hashKind .. ', not a hash)'
    end
  end
end
if not best then return { '', unpack(bad) } end
if not redis.call('SET', KEYS[2], ARGV[5] .. ' ' .. best .. ' ' .. ARGV[6], 'PX', ARGV[4], 'NX') then
  return { '', unpack(bad) }
end
redis.call('HINCRBY', ARGV[1] .. best, bestField, -1)
return { best, unpack(bad) }`,
  2,
);

/** What a claim key holds. @internal */
export function claimValue(from: string, to: string, path: string): string {
  return `${from} ${to} ${path}`;
}

/**
 * Claims, for `session`, a free transceiver for `path` on the live node that has the most:
 * resolves with that node's id (undefined when no other node has one) and the entries read
 * that were not valid (skipped). @internal
 */
export async function claimFreeTransceiver(
  redis: Redis,
  keys: RedisKeys,
  claim: { session: string; from: string; path: string; ttlMs: number },
): Promise<{ node: string | undefined; invalid: string[] }> {
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
  const [node, ...invalid] = Array.isArray(result) ? result.map(String) : [''];
  return { node: node === '' || node === undefined ? undefined : node, invalid };
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
