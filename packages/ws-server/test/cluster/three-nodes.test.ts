// Three ws-server processes and one redis-server on loopback, 300 node clients spread over
// them by path, a node killed, Redis restarted, a node drained: the cluster proof.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataChannel } from '@rxdc/core';
import { Redis } from 'ioredis';
import { firstValueFrom, type Subscription, timeout } from 'rxjs';
import { afterAll, describe, expect, test } from 'vitest';
import { connectToTransceiver } from '../../src/client/index.js';
import { WsServerError } from '../../src/index.js';
import { type RedisServerHandle, startRedisServer } from '../helpers/redis-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, '..', 'children', 'cluster-server.mjs');
const built = existsSync(join(here, '..', '..', 'dist', 'cluster.js'));

const paths = ['/ws/p0', '/ws/p1', '/ws/p2'];
const nodeIds = ['n0', 'n1', 'n2'];
// Path pi lives on node i (8 transceivers) and on node i+1 (4): node i+2 has none of it, so
// its clients of pi are always relayed; after any one node dies every path is still served.
const hostedBy = (node: number) => ({
  [paths[node]!]: 8,
  [paths[(node + 2) % 3]!]: 4,
});
const namespace = `three-${process.pid}`;
const concurrency = 18;
// Once n2 is gone, /ws/p2 has only n0's four transceivers: fewer clients at once, fewer refusals.
const concurrencyOfTwo = 9;

type Node = {
  id: string;
  proc: ChildProcess;
  port: number;
  alive: boolean;
  exit: Promise<number | null>;
};
type Outcome = {
  node: number;
  owner: string;
  attempts: number;
  errors: string[];
};

let redis: RedisServerHandle | undefined;
const nodes: Node[] = [];
const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

afterAll(async () => {
  for (const node of nodes) if (node.alive) node.proc.kill('SIGKILL');
  await Promise.all(nodes.map((node) => node.exit));
  await redis?.dispose();
});

async function startNode(index: number): Promise<Node> {
  const proc = spawn(
    process.execPath,
    [
      child,
      redis!.url,
      namespace,
      nodeIds[index]!,
      JSON.stringify(hostedBy(index)),
      JSON.stringify(paths),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${index} did not start`)), 20_000);
    let out = '';
    proc.stdout!.on('data', (data) => {
      out += String(data);
      const match = /"port":(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    exit.then((code) => reject(new Error(`node ${index} exited with ${code}`)));
  });
  const node: Node = { id: nodeIds[index]!, proc, port, alive: true, exit };
  exit.then(() => {
    node.alive = false;
  });
  return node;
}

/** Three messages over `channel`; resolves with the node that echoed them. */
async function exchange(channel: DataChannel): Promise<string> {
  let owner = '';
  for (let i = 0; i < 3; i++) {
    const reply = firstValueFrom(channel.messages$.pipe(timeout(10_000)));
    channel.send(`m${i}`);
    const [from, message] = String(await reply).split(': ');
    if (message !== `m${i}`) throw new Error(`echo came back as ${message}`);
    owner = from!;
  }
  return owner;
}

/**
 * One attempt with the ws-server node client: resolves with the node that owns the transceiver
 * once three messages went both ways over the data channel (and `hold` resolved, if given);
 * rejects with what the client was told (a refusal's code, a lost relay, a failed signaling).
 */
function attempt(url: string, hold?: Promise<void>, onConnected?: () => void): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let done = false;
    let subscription: Subscription | undefined;
    const finish = (error: unknown, owner = '') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // Unsubscribing closes the client's peer and socket.
      queueMicrotask(() => subscription?.unsubscribe());
      if (error) reject(error);
      else resolve(owner);
    };
    const timer = setTimeout(() => finish(new Error(`no session on ${url} in 20 s`)), 20_000);
    subscription = connectToTransceiver(url, { peer: loopback }).subscribe({
      next: ({ channel }) => {
        exchange(channel).then(
          async (owner) => {
            onConnected?.();
            if (hold) await hold;
            finish(undefined, owner);
          },
          (error) => finish(error),
        );
      },
      error: (error) => finish(error),
    });
    if (done) subscription.unsubscribe();
  });
}

/** What a client was told, as a short code: the refusal's code, or the client error's code. */
function told(error: unknown): string {
  if (error instanceof WsServerError) {
    const code = /\(([A-Z_]+)\)/.exec(error.message)?.[1];
    return code ?? error.code;
  }
  return 'OTHER';
}

/**
 * One client: reaches `startNode`'s `path` and exchanges three messages over its data
 * channel, keeping the session until `hold` resolves if given. When refused (1013), cut off
 * (an error frame, a dead node) or failed, it reconnects to the next node that still runs, as
 * a real client would.
 */
async function client(
  path: string,
  startNode: number,
  hold?: Promise<void>,
  onConnected?: () => void,
): Promise<Outcome> {
  const outcome: Outcome = { node: startNode, owner: '', attempts: 0, errors: [] };
  let index = startNode;
  for (;;) {
    outcome.attempts += 1;
    // Bounded: refused clients (all transceivers of their path busy) wait longer each time.
    if (outcome.attempts > 60) {
      throw new Error(`client of ${path} never served: ${JSON.stringify(outcome)}`);
    }
    while (!nodes[index]!.alive) index = (index + 1) % 3;
    outcome.node = index;
    try {
      outcome.owner = await attempt(
        `ws://127.0.0.1:${nodes[index]!.port}${path}`,
        hold,
        onConnected,
      );
      return outcome;
    } catch (error) {
      outcome.errors.push(told(error));
      const pause = Math.min(50 * outcome.attempts, 500) + Math.random() * 100;
      await new Promise((resolve) => setTimeout(resolve, pause));
      index = (index + 1) % 3;
    }
  }
}

function summary(outcomes: Outcome[]) {
  const count = (values: Array<string | number>) => {
    const counts: Record<string, number> = {};
    for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  return {
    clients: outcomes.length,
    relayed: outcomes.filter((o) => o.owner !== nodeIds[o.node]).length,
    retries: outcomes.reduce((n, o) => n + o.attempts - 1, 0),
    errors: count(outcomes.flatMap((o) => o.errors)),
  };
}

/** Waits (bounded) until each of `indexes`' nodes advertises all the transceivers it hosts. */
async function allFree(admin: Redis, indexes: number[]): Promise<void> {
  const deadline = Date.now() + 8000;
  let last: Record<string, string> = {};
  for (;;) {
    let all = true;
    for (const index of indexes) {
      last = await admin.hgetall(`rxdc:{${namespace}}:node:${nodeIds[index]}`);
      for (const [path, count] of Object.entries(hostedBy(index))) {
        if (Number(last[`path:${path}`] ?? 0) !== count) all = false;
      }
    }
    if (all) return;
    if (Date.now() > deadline) throw new Error(`transceivers still taken: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `jobs` with at most `limit` at once. */
async function bounded<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const mine = next++;
      results[mine] = await jobs[mine]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/** Client k of a batch: its path and the node it reaches first, spread evenly. */
const spread = (k: number) => ({ path: paths[k % 3]!, node: Math.floor(k / 3) % 3 });

describe.skipIf(!built)('three ws-server nodes on one Redis', () => {
  test('300 clients, a node killed, Redis restarted, a node drained', {
    timeout: 180_000,
  }, async () => {
    redis = await startRedisServer();
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    admin.on('error', () => {});
    try {
      for (let i = 0; i < 3; i++) nodes.push(await startNode(i));
      const outcomes: Outcome[] = [];

      // 1. 120 clients over the three nodes and paths.
      outcomes.push(
        ...(await bounded(
          Array.from({ length: 120 }, (_, k) => () => client(spread(k).path, spread(k).node)),
          concurrency,
        )),
      );
      const relayed = outcomes.filter((o) => o.owner !== nodeIds[o.node]);
      console.log('phase 1', summary(outcomes));
      expect(relayed.length).toBeGreaterThan(30);

      // 2. Twelve clients hold their sessions, relayed to n2 where possible (p2 through n1,
      // which has none of p2; p1 through n0); then n2 is killed.
      let release: () => void = () => {};
      const hold = new Promise<void>((resolve) => (release = resolve));
      let connected = 0;
      const held = Array.from({ length: 12 }, (_, k) =>
        client(k % 2 ? '/ws/p2' : '/ws/p1', k % 2 ? 1 : 0, hold, () => (connected += 1)),
      );
      while (connected < 12) await new Promise((resolve) => setTimeout(resolve, 20));
      const killedAt = Date.now();
      nodes[2]!.proc.kill('SIGKILL');
      await nodes[2]!.exit;
      // Clients keep coming meanwhile: those that reached n2 reconnect elsewhere.
      const during = bounded(
        Array.from({ length: 60 }, (_, k) => () => client(spread(k).path, spread(k).node)),
        concurrencyOfTwo,
      );
      // The held clients relayed to n2 are told, and reconnect to a live node.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      release();
      const heldOutcomes = await Promise.all(held);
      const duringOutcomes = await during;
      outcomes.push(...heldOutcomes, ...duringOutcomes);
      console.log('held', summary(heldOutcomes), 'during', summary(duringOutcomes));
      const told = heldOutcomes.filter((o) => o.errors.includes('RELAY_NODE_LOST'));
      expect(told.length).toBeGreaterThan(0);
      for (const o of told) expect(o.owner).not.toBe('n2');
      // No claim involving n2 is left: n2's own expire after their TTL (1 s); those of the live
      // nodes go when they find n2 gone (its advertisement expires after 750 ms, then three
      // missed checks 250 ms apart). Generously bounded from the kill.
      const claims = async () =>
        (
          await Promise.all(
            (await admin.keys(`rxdc:{${namespace}}:claim:*`)).map((k) => admin.get(k)),
          )
        ).filter((v) => {
          // A claim holds "<from> <to> <path>".
          const [from, to] = (v ?? '').split(' ');
          return from === 'n2' || to === 'n2';
        });
      while ((await claims()).length > 0 && Date.now() - killedAt < 6000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await claims()).toEqual([]);
      // No transceiver of the live nodes is stuck with a session of n2 (relayed from it, or
      // to it): once idle, both advertise every transceiver they host as free again.
      await allFree(admin, [0, 1]);

      // 3. Redis stops: local serving goes on (p0 on n0, p1 on n1), relaying stops; Redis
      // restarts empty and relaying resumes by itself.
      await redis.stop();
      const local = await bounded(
        Array.from(
          { length: 30 },
          (_, k) => () => client(k % 2 ? '/ws/p1' : '/ws/p0', k % 2 ? 1 : 0),
        ),
        concurrencyOfTwo,
      );
      for (const o of local) expect(o.owner).toBe(nodeIds[o.node]);
      outcomes.push(...local);
      console.log('redis away', summary(local));
      await redis.start();
      // p2 through n1 can only be served by n0: relayed once the nodes are back on Redis.
      const resumed = await client('/ws/p2', 1);
      expect(resumed.owner).toBe('n0');
      outcomes.push(resumed);

      // 4. The rest of the 300, over the two live nodes.
      const rest = 300 - outcomes.length;
      outcomes.push(
        ...(await bounded(
          Array.from(
            { length: rest },
            (_, k) => () => client(paths[k % 3]!, Math.floor(k / 3) % 2),
          ),
          concurrencyOfTwo,
        )),
      );
      console.log('all', summary(outcomes));
      expect(outcomes).toHaveLength(300);
      await allFree(admin, [0, 1]);
      expect(outcomes.every((o) => o.owner !== '')).toBe(true);

      // 5. SIGTERM drains n1 while a client of it is still in session: new clients get 503,
      // the session may finish, then n1 exits by itself, with code 0.
      let finish: () => void = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));
      let inSession = false;
      const last = attempt(`ws://127.0.0.1:${nodes[1]!.port}/ws/p1`, finished, () => {
        inSession = true;
      });
      while (!inSession) await new Promise((resolve) => setTimeout(resolve, 20));
      const drainedAt = Date.now();
      nodes[1]!.proc.kill('SIGTERM');
      let refused: unknown;
      for (let i = 0; i < 100 && !refused; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        refused = await attempt(`ws://127.0.0.1:${nodes[1]!.port}/ws/p1`).then(
          () => undefined,
          (error: unknown) => error,
        );
      }
      expect(String((refused as Error).message)).toMatch(/HTTP 503/);
      expect(nodes[1]!.alive).toBe(true); // waiting for its session
      finish();
      expect(await last).toBe('n1');
      expect(await nodes[1]!.exit).toBe(0);
      expect(Date.now() - drainedAt).toBeLessThan(15_000);
      nodes[0]!.proc.kill('SIGTERM');
      expect(await nodes[0]!.exit).toBe(0);
    } finally {
      admin.disconnect();
    }
  });
});
