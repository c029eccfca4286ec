import type { Redis } from 'ioredis';
import { refreshClaims } from './claim.js';
import type { RedisKeys } from './redis-keys.js';
import type { RelayTunnel } from './relay-tunnel.js';

/**
 * A peer node or claim found missing this many heartbeats in a row is gone. One miss is not
 * enough: after Redis restarted empty, every node writes its keys again on its first heartbeat,
 * and the nodes reconnect up to a second apart.
 */
const missesUntilGone = 3;

/**
 * Keeps a node's relayed sessions honest, once per heartbeat: refreshes the claims of the
 * sessions whose client is here, and finds the sessions whose other end is gone (its node
 * stopped heartbeating, or the claim of a session served here vanished).
 *
 * @internal
 */
export class SessionWatch {
  readonly #misses = new Map<string, number>();

  /** Forgets every miss (after reconnecting: the keys were just written again). */
  reset(): void {
    this.#misses.clear();
  }

  /** Forgets a session's misses when it ends. */
  forget(session: string): void {
    this.#misses.delete(`claim:${session}`);
  }

  /** Refreshes claims and returns the tunnels to end, with why. */
  async check(
    redis: Redis,
    keys: RedisKeys,
    selfId: string,
    tunnels: readonly RelayTunnel[],
    claimTtlMs: number,
  ): Promise<Array<{ tunnel: RelayTunnel; reason: string }>> {
    const owned = tunnels.filter((t) => t.side === 'client');
    await refreshClaims(
      redis,
      keys,
      owned.map((t) => ({ session: t.session, from: selfId, to: t.peerNode, path: t.path })),
      claimTtlMs,
    );
    const peers = [...new Set(tunnels.map((t) => t.peerNode))];
    const served = tunnels.filter((t) => t.side === 'transceiver');
    const pipeline = redis.pipeline();
    for (const peer of peers) pipeline.exists(keys.node(peer));
    for (const t of served) pipeline.exists(keys.claim(t.session));
    const replies = (await pipeline.exec()) ?? [];
    // A reply that failed proves nothing: counted as present.
    const present = replies.map(([error, value]) => error !== null || value === 1);
    const gone = new Set(peers.filter((peer, i) => this.#missed(`node:${peer}`, present[i]!)));
    const ending: Array<{ tunnel: RelayTunnel; reason: string }> = [];
    for (const tunnel of tunnels) {
      if (gone.has(tunnel.peerNode)) {
        ending.push({ tunnel, reason: `node ${tunnel.peerNode} stopped heartbeating` });
      }
    }
    served.forEach((tunnel, i) => {
      if (this.#missed(`claim:${tunnel.session}`, present[peers.length + i]!)) {
        ending.push({ tunnel, reason: `the claim of node ${tunnel.peerNode} expired` });
      }
    });
    return ending;
  }

  /** Counts a missing key; true once it has been missing `missesUntilGone` checks in a row. */
  #missed(key: string, present: boolean): boolean {
    if (present) {
      this.#misses.delete(key);
      return false;
    }
    const misses = (this.#misses.get(key) ?? 0) + 1;
    this.#misses.set(key, misses);
    if (misses < missesUntilGone) return false;
    this.#misses.delete(key);
    return true;
  }
}
