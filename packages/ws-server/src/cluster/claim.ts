import type { Redis } from 'ioredis';
import { pathField } from './presence.js';
import type { RedisKeys } from './redis-keys.js';
import { RedisScript } from './redis-script.js';

// Takes one free transceiver of a live node for a path, atomically: the path's own count
// first, then the node's transceivers without a path. The claim key is created only if this
// session has none yet (NX), so a claim is never counted twice.
const claimScript = new RedisScript(
  `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local field = ARGV[1]
local free = tonumber(redis.call('HGET', KEYS[1], field) or '0')
if free <= 0 then
  field = 'any'
  free = tonumber(redis.call('HGET', KEYS[1], field) or '0')
end
if free <= 0 then return 0 end
if not redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2], 'NX') then return -1 end
redis.call('HINCRBY', KEYS[1], field, -1)
return 1`,
  2,
);

/** What a claim key holds. @internal */
export function claimValue(from: string, to: string, path: string): string {
  return `${from} ${to} ${path}`;
}

/**
 * Claims one of `nodeId`'s free transceivers for `path` on behalf of `session`: true when
 * claimed, false when that node has none free (or is gone). @internal
 */
export async function claimTransceiver(
  redis: Redis,
  keys: RedisKeys,
  claim: { session: string; from: string; to: string; path: string; ttlMs: number },
): Promise<boolean> {
  const result = await claimScript.run(
    redis,
    [keys.node(claim.to), keys.claim(claim.session)],
    [pathField(claim.path), claim.ttlMs, claimValue(claim.from, claim.to, claim.path)],
  );
  return result === 1;
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
