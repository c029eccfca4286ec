import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  ClusterNode,
  type ClusterOptions,
  type RelayCloseCode,
  type RelayTunnel,
} from '../../src/cluster/index.js';
import { type RedisServerHandle, startRedisServer } from '../helpers/redis-server.js';

let redis: RedisServerHandle;
let admin: Redis;
const nodes: ClusterNode[] = [];
let namespaceCounter = 0;
let namespace = 'ns0';

beforeAll(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on('error', () => {});
  await admin.connect();
});
afterAll(async () => {
  admin.disconnect();
  await redis.dispose();
});
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((node) => node.stop()));
  namespace = `ns${++namespaceCounter}`;
});

async function node(nodeId: string, options: Partial<ClusterOptions> = {}): Promise<ClusterNode> {
  const created = new ClusterNode({
    redis: redis.url,
    nodeId,
    namespace,
    heartbeatMs: 100,
    ...options,
  });
  nodes.push(created);
  created.start();
  await created.whenConnected();
  return created;
}

/** Waits until `nodeId` advertises a free transceiver for `path`. */
function advertised(nodeId: string, path: string): Promise<void> {
  return until(
    async () => Number(await admin.hget(`rxdc:{${namespace}}:node:${nodeId}`, `path:${path}`)) > 0,
  );
}

function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
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

const here = dirname(fileURLToPath(import.meta.url));
const members: ChildProcess[] = [];
afterEach(() => {
  for (const member of members.splice(0)) member.kill('SIGKILL');
});

/** A ClusterNode in a child process (the built package), advertising one transceiver. */
async function startMember(nodeId: string, path: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(here, '..', 'children', 'cluster-member.mjs'), redis.url, namespace, nodeId, path],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  members.push(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('cluster member did not start')), 10_000);
    child.stdout!.on('data', (data) => {
      if (String(data).includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`cluster member exited with ${code}`)));
  });
  return child;
}

/** A sink that records what a tunnel delivers. */
function record(tunnel: RelayTunnel) {
  const seen = {
    frames: [] as Array<string | Buffer>,
    closed: undefined as { code: RelayCloseCode; reason: string } | undefined,
  };
  tunnel.attach({
    frame: (frame) => seen.frames.push(frame),
    closed: (code, reason) => {
      seen.closed = { code, reason };
    },
  });
  return seen;
}

/** B takes every tunnel while it has `free` left, echoing frames back with a prefix. */
function echoTaker(b: ClusterNode, free: { count: number }, taken: RelayTunnel[] = []) {
  b.onTunnel((tunnel) => {
    if (free.count === 0) return false;
    free.count -= 1;
    taken.push(tunnel);
    tunnel.attach({
      frame: (frame) => tunnel.send(typeof frame === 'string' ? `echo ${frame}` : frame),
      closed: () => {
        free.count += 1;
      },
    });
    return true;
  });
  return taken;
}

describe('presence', () => {
  test('a node advertises its free transceivers per path with a TTL, and leaves on close', async () => {
    const a = await node('a');
    a.advertise({ paths: { '/ws/cam': 2 }, any: 1 });
    const key = `rxdc:{${namespace}}:node:a`;
    await until(async () => (await admin.hget(key, 'path:/ws/cam')) === '2');
    expect(await admin.hget(key, 'any')).toBe('1');
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    expect(await admin.zscore(`rxdc:{${namespace}}:nodes`, 'a')).not.toBeNull();
    a.advertise({ paths: {}, any: 0 });
    await until(async () => (await admin.hget(key, 'path:/ws/cam')) === null);
    await a.stop();
    expect(await admin.exists(key)).toBe(0);
    expect(await admin.zscore(`rxdc:{${namespace}}:nodes`, 'a')).toBeNull();
  });

  test('a node that dies stops heartbeating: it disappears after its TTL', async () => {
    const member = await startMember('b', '/ws/cam');
    const key = `rxdc:{${namespace}}:node:b`;
    expect(await admin.hget(key, 'path:/ws/cam')).toBe('1');
    member.kill('SIGKILL');
    await until(async () => (await admin.exists(key)) === 0, 2000);
  });

  test('options are checked', () => {
    expect(() => new ClusterNode({ redis: 'http://x' })).toThrow(/redis:\/\//);
    expect(() => new ClusterNode({ redis: redis.url, nodeId: 'a b' })).toThrow(/nodeId/);
    expect(() => new ClusterNode({ redis: redis.url, heartbeatMs: 10 })).toThrow(/heartbeatMs/);
    expect(() => new ClusterNode({ redis: redis.url, heartbeatMs: 100, ttlMs: 150 })).toThrow(
      /ttlMs/,
    );
  });
});

describe('claims', () => {
  test('N free transceivers are claimed exactly N times by racing nodes', async () => {
    const b = await node('b');
    const free = { count: 3 };
    const taken = echoTaker(b, free);
    b.advertise({ paths: { '/ws/cam': 3 }, any: 0 });
    const a1 = await node('a1');
    const a2 = await node('a2');
    await until(
      async () => (await admin.hget(`rxdc:{${namespace}}:node:b`, 'path:/ws/cam')) === '3',
    );
    const tunnels = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a1 : a2).openTunnel('/ws/cam')),
    );
    const opened = tunnels.filter((t) => t !== undefined);
    expect(opened).toHaveLength(3);
    expect(taken).toHaveLength(3);
    const claims = await admin.keys(`rxdc:{${namespace}}:claim:*`);
    expect(claims.sort()).toEqual(
      opened.map((t) => `rxdc:{${namespace}}:claim:${t!.session}`).sort(),
    );
    for (const claim of claims) {
      expect(await admin.get(claim)).toMatch(/^a[12] b \/ws\/cam$/);
    }
    for (const t of opened) t!.close();
    await until(async () => (await admin.keys(`rxdc:{${namespace}}:claim:*`)).length === 0);
    await until(() => free.count === 3);
  });

  test('a path with no free transceiver anywhere gets no tunnel; transceivers without a path serve any', async () => {
    const b = await node('b');
    echoTaker(b, { count: 1 });
    b.advertise({ paths: { '/ws/other': 1 }, any: 0 });
    const a = await node('a');
    await until(async () => (await admin.exists(`rxdc:{${namespace}}:node:b`)) === 1);
    expect(await a.openTunnel('/ws/cam')).toBeUndefined();
    b.advertise({ paths: {}, any: 1 });
    await until(async () => (await admin.hget(`rxdc:{${namespace}}:node:b`, 'any')) === '1');
    const tunnel = await a.openTunnel('/ws/cam');
    expect(tunnel?.peerNode).toBe('b');
    tunnel?.close();
  });
});

describe('tunnels', () => {
  test('frames go both ways in order, text and binary, held until attached', async () => {
    const b = await node('b');
    b.onTunnel((tunnel) => {
      tunnel.send('offer'); // before the accept: the other side holds it
      tunnel.attach({
        frame: (frame) => tunnel.send(typeof frame === 'string' ? `echo ${frame}` : frame),
        closed: () => {},
      });
      return true;
    });
    b.advertise({ paths: { '/ws/cam': 1 }, any: 0 });
    const a = await node('a');
    await advertised('b', '/ws/cam');
    const tunnel = await a.openTunnel('/ws/cam', '/ws/cam?x=1');
    expect(tunnel).toBeDefined();
    expect(b.tunnels[0]?.requestPath).toBe('/ws/cam?x=1');
    const seen = record(tunnel!);
    for (let i = 0; i < 200; i++) tunnel!.send(`m${i}`);
    tunnel!.send(new Uint8Array([0, 1, 255]));
    await until(() => seen.frames.length === 202);
    expect(seen.frames[0]).toBe('offer');
    expect(seen.frames.slice(1, 201)).toEqual(Array.from({ length: 200 }, (_, i) => `echo m${i}`));
    expect(seen.frames[201]).toEqual(Buffer.from([0, 1, 255]));
    tunnel!.close();
    await until(() => b.tunnels.length === 0);
  });

  test('a refused open leaves no claim and no tunnel', async () => {
    const b = await node('b');
    b.onTunnel(() => false);
    b.advertise({ paths: { '/ws/cam': 1 }, any: 0 });
    const a = await node('a');
    await advertised('b', '/ws/cam');
    expect(await a.openTunnel('/ws/cam')).toBeUndefined();
    await until(async () => (await admin.keys(`rxdc:{${namespace}}:claim:*`)).length === 0);
    expect(a.tunnels).toHaveLength(0);
    expect(b.tunnels).toHaveLength(0);
  });

  test('more frames in flight than the limit end the session with RELAY_OVERFLOW', async () => {
    const b = await node('b');
    const taken = echoTaker(b, { count: 1 });
    b.advertise({ paths: { '/ws/cam': 1 }, any: 0 });
    const a = await node('a', { maxPendingFrames: 4 });
    await advertised('b', '/ws/cam');
    const tunnel = (await a.openTunnel('/ws/cam'))!;
    const seen = record(tunnel);
    for (let i = 0; i < 10; i++) tunnel.send(`m${i}`); // synchronously: none is acknowledged yet
    expect(seen.closed?.code).toBe('RELAY_OVERFLOW');
    await until(() => taken[0]!.isClosed);
  });

  test('the other node dying ends the session with RELAY_NODE_LOST, its claim expires', async () => {
    const member = await startMember('b', '/ws/cam');
    const a = await node('a');
    const tunnel = (await a.openTunnel('/ws/cam'))!;
    expect(tunnel).toBeDefined();
    const seen = record(tunnel);
    tunnel.send('ping');
    await until(() => seen.frames.length === 1);
    expect(seen.frames).toEqual(['ping']);
    member.kill('SIGKILL');
    // Idle: the heartbeat check finds b gone (3 missed checks of 100 ms after its 300 ms TTL).
    await until(() => seen.closed !== undefined, 3000);
    expect(seen.closed!.code).toBe('RELAY_NODE_LOST');
    await until(async () => (await admin.keys(`rxdc:{${namespace}}:claim:*`)).length === 0, 2000);
  });

  test('a frame sent to a dead node ends the session at once', async () => {
    const member = await startMember('b', '/ws/cam');
    const a = await node('a', { heartbeatMs: 1000 });
    const tunnel = (await a.openTunnel('/ws/cam'))!;
    const seen = record(tunnel);
    member.kill('SIGKILL');
    await new Promise((resolve) => member.once('exit', resolve));
    await until(async () => {
      tunnel.send('anyone?'); // PUBLISH reaches no subscriber once b's connection is gone
      return seen.closed !== undefined;
    }, 3000);
    expect(seen.closed!.code).toBe('RELAY_NODE_LOST');
  });
});

describe('Redis outage', () => {
  test('nodes go alone while Redis is away, and come back by themselves', async () => {
    const b = await node('b');
    echoTaker(b, { count: 5 });
    b.advertise({ paths: { '/ws/cam': 5 }, any: 0 });
    const a = await node('a');
    const errors: string[] = [];
    a.errors$.subscribe((error) => errors.push(error.code));
    await advertised('b', '/ws/cam');
    const before = (await a.openTunnel('/ws/cam'))!;
    const seen = record(before);

    await redis.stop();
    await until(() => !a.connected && !b.connected);
    expect(errors).toEqual(['CLUSTER_UNAVAILABLE']);
    // Alone: no relay, at once rather than after a timeout.
    const started = Date.now();
    expect(await a.openTunnel('/ws/cam')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    // A frame that cannot be carried ends its session, with a code.
    before.send('lost?');
    await until(() => seen.closed !== undefined);
    expect(seen.closed!.code).toBe('RELAY_UNAVAILABLE');

    await redis.start(); // empty: every key is written again by the heartbeats
    await a.whenConnected();
    await b.whenConnected();
    await advertised('b', '/ws/cam');
    const after = await a.openTunnel('/ws/cam');
    expect(after?.peerNode).toBe('b');
    const echoed = record(after!);
    after!.send('back');
    await until(() => echoed.frames.length === 1);
    expect(echoed.frames).toEqual(['echo back']);
    after!.close();
  });
});

describe('Redis restarted under an idle session', () => {
  test('the session survives: claims and advertisements are written again, frames flow on', async () => {
    const b = await node('b');
    echoTaker(b, { count: 2 });
    b.advertise({ paths: { '/ws/cam': 2 }, any: 0 });
    const a = await node('a');
    await advertised('b', '/ws/cam');
    const tunnel = (await a.openTunnel('/ws/cam'))!;
    const seen = record(tunnel);
    tunnel.send('before');
    await until(() => seen.frames.length === 1);

    await redis.stop();
    await until(() => !a.connected && !b.connected);
    // Changes while away and after: they must not count as heartbeats of the session checks.
    for (let i = 0; i < 20; i++) b.advertise({ paths: { '/ws/cam': i % 2 }, any: 0 });
    await redis.start(); // empty
    await a.whenConnected();
    await b.whenConnected();
    for (let i = 0; i < 20; i++) {
      b.advertise({ paths: { '/ws/cam': i % 2 }, any: 0 });
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    // Five heartbeats later (100 ms each) both ends still hold the session and its claim.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen.closed).toBeUndefined();
    expect(b.tunnels).toHaveLength(1);
    expect(await admin.exists(`rxdc:{${namespace}}:claim:${tunnel.session}`)).toBe(1);
    tunnel.send('after');
    await until(() => seen.frames.length === 2);
    expect(seen.frames).toEqual(['echo before', 'echo after']);
    tunnel.close();
  });
});

describe('session checks', () => {
  test('a claim missing for less than three heartbeats ends nothing, however often availability changes', async () => {
    const b = await node('b', { heartbeatMs: 1000 });
    echoTaker(b, { count: 1 });
    b.advertise({ paths: { '/ws/cam': 1 }, any: 0 });
    const a = await node('a', { heartbeatMs: 1000 });
    await advertised('b', '/ws/cam');
    const tunnel = (await a.openTunnel('/ws/cam'))!;
    const seen = record(tunnel);
    const claim = `rxdc:{${namespace}}:claim:${tunnel.session}`;
    // As after a Redis restart, before a's next heartbeat writes the claim again.
    await admin.del(claim);
    for (let i = 0; i < 10; i++) {
      b.advertise({ paths: { '/ws/cam': i % 2 }, any: 0 });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await until(async () => (await admin.exists(claim)) === 1, 3000);
    expect(seen.closed).toBeUndefined();
    expect(b.tunnels).toHaveLength(1);
    tunnel.close();
  });
});

describe('Redis away at start', () => {
  test('a node started while Redis is down serves alone, then joins when Redis comes up', async () => {
    const late = await startRedisServer();
    await late.stop(); // its port is known and nothing listens there now
    const a = new ClusterNode({ redis: late.url, nodeId: 'a', namespace, heartbeatMs: 100 });
    nodes.push(a);
    a.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a.connected).toBe(false);
    expect(await a.openTunnel('/ws/cam')).toBeUndefined();
    await late.start();
    await a.whenConnected(5000);
    const check = new Redis(late.url);
    expect(await check.exists(`rxdc:{${namespace}}:node:a`)).toBe(1);
    check.disconnect();
    await a.stop();
    await late.dispose();
  });
});
