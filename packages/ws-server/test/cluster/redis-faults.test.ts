// Redis that is not there from the start, and Redis holding values the cluster did not write:
// each is reported on errors$, a pending whenConnected() does not hold the process after
// stop(), and one bad entry never refuses every relay.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ClusterNode, type ClusterOptions } from '../../src/cluster/index.js';
import type { WsServerError } from '../../src/index.js';
import { freePort, type RedisServerHandle, startRedisServer } from '../helpers/redis-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const built = existsSync(join(here, '..', '..', 'dist', 'cluster.js'));
const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((node) => node.stop()));
});

function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (await check()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

describe('Redis down from the start', () => {
  test('is reported as CLUSTER_UNAVAILABLE with why, and stop() settles a pending whenConnected()', async () => {
    const port = await freePort();
    const node = new ClusterNode({ redis: `redis://127.0.0.1:${port}`, heartbeatMs: 100 });
    nodes.push(node);
    const errors: WsServerError[] = [];
    node.errors$.subscribe((error) => errors.push(error));
    node.start();
    const waited = node.whenConnected(60_000).then(
      () => 'connected',
      (error: WsServerError) => error.code,
    );
    await until(() => errors.length > 0);
    expect(errors[0]?.code).toBe('CLUSTER_UNAVAILABLE');
    expect(errors[0]?.message).toMatch(/cannot reach Redis \(.*ECONNREFUSED/);
    // Reported once for the outage, not at every reconnection attempt.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(errors).toHaveLength(1);
    await node.stop();
    expect(await waited).toBe('CLUSTER_UNAVAILABLE');
  });

  test.skipIf(!built)(
    'a server in that cluster stops and its process exits within 1 s, 5 of 5',
    {
      timeout: 120_000,
    },
    async () => {
      const port = await freePort();
      for (let run = 0; run < 5; run++) {
        const child = spawn(
          process.execPath,
          [join(here, '..', 'children', 'redis-down-exit.mjs'), `redis://127.0.0.1:${port}`],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
        });
        child.stderr.on('data', (chunk) => {
          err += chunk;
        });
        const exited = await new Promise<{ code: number | null; at: number }>((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
          child.once('exit', (code) => {
            clearTimeout(kill);
            resolve({ code, at: Date.now() });
          });
        });
        expect({ code: exited.code, err }).toEqual({ code: 0, err: '' });
        const [first, second] = out
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        expect(first.code).toBe('CLUSTER_UNAVAILABLE');
        expect(second.whenConnected).toBe('CLUSTER_UNAVAILABLE');
        expect(exited.at - first.stoppedAt).toBeLessThan(1000);
      }
    },
  );
});

describe('values in Redis the cluster did not write', () => {
  let redis: RedisServerHandle;
  let admin: Redis;
  let namespaceCounter = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    admin.on('error', () => {});
    await admin.connect();
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.dispose();
  });

  async function node(
    nodeId: string,
    namespace: string,
    options: Partial<ClusterOptions> = {},
  ): Promise<{ node: ClusterNode; errors: WsServerError[] }> {
    const created = new ClusterNode({
      redis: redis.url,
      nodeId,
      namespace,
      heartbeatMs: 100,
      ...options,
    });
    nodes.push(created);
    const errors: WsServerError[] = [];
    created.errors$.subscribe((error) => errors.push(error));
    created.start();
    await created.whenConnected();
    return { node: created, errors };
  }

  /** A node that takes every tunnel while it has one free, as advertised. */
  async function serving(nodeId: string, namespace: string, options: Partial<ClusterOptions> = {}) {
    const member = await node(nodeId, namespace, options);
    member.node.onTunnel((tunnel) => {
      tunnel.attach({ frame: () => {}, closed: () => {} });
      return true;
    });
    member.node.advertise({ paths: { '/ws/x': 1 }, any: 0 });
    await until(
      async () => (await admin.hget(`rxdc:{${namespace}}:node:${nodeId}`, 'path:/ws/x')) === '1',
    );
    return member;
  }

  test('a count that is not a number is skipped and reported; the relay goes to a healthy node', async () => {
    const ns = `bad-count-${++namespaceCounter}`;
    // A heartbeats seldom, so the bad value written over its count stays a while.
    await serving('a', ns, { heartbeatMs: 20_000 });
    await serving('c', ns);
    const b = await node('b', ns);
    await admin.hset(`rxdc:{${ns}}:node:a`, 'path:/ws/x', 'many', 'any', '3');
    // Without c, nothing is free; a is skipped, never picked.
    const tunnels = [];
    for (let i = 0; i < 3; i++) {
      const tunnel = await b.node.openTunnel('/ws/x');
      if (tunnel) tunnels.push(tunnel);
    }
    expect(tunnels.map((tunnel) => tunnel.peerNode)).toEqual(['c']);
    const invalid = b.errors.filter((error) => error.code === 'CLUSTER_DATA_INVALID');
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid[0]?.message).toMatch(/node a path:\/ws\/x = many/);
    for (const tunnel of tunnels) tunnel.close('CLOSED', 'done');
  });

  test('a node index of the wrong type is reported and repaired by the next heartbeat; relays work again', async () => {
    const ns = `bad-index-${++namespaceCounter}`;
    const c = await serving('c', ns);
    const b = await node('b', ns);
    await admin.del(`rxdc:{${ns}}:nodes`);
    await admin.set(`rxdc:{${ns}}:nodes`, 'not a sorted set');
    const repaired = () =>
      [...b.errors, ...c.errors].filter(
        (e) => e.code === 'CLUSTER_DATA_INVALID' && /was a string.*replaced it/.test(e.message),
      );
    // The next heartbeat (of b or c: whichever comes first) puts the index right.
    await until(async () => (await admin.type(`rxdc:{${ns}}:nodes`)) === 'zset');
    await until(async () => (await admin.zscore(`rxdc:{${ns}}:nodes`, 'c')) !== null);
    const tunnel = await b.node.openTunnel('/ws/x');
    expect(tunnel?.peerNode).toBe('c');
    tunnel?.close('CLOSED', 'done');
    // Whichever node repaired it said so, once.
    expect(repaired()).toHaveLength(1);
  });

  test('while the index is of the wrong type, a relay is refused and says why', async () => {
    const ns = `bad-index-now-${++namespaceCounter}`;
    const b = await node('b', ns, { heartbeatMs: 20_000 });
    await admin.del(`rxdc:{${ns}}:nodes`);
    await admin.hset(`rxdc:{${ns}}:nodes`, 'x', '1');
    expect(await b.node.openTunnel('/ws/x')).toBeUndefined();
    const invalid = b.errors.filter((error) => error.code === 'CLUSTER_DATA_INVALID');
    expect(invalid.map((error) => error.message)).toEqual([
      expect.stringMatching(/index \(a hash, not a sorted set\)/),
    ]);
  });
});
