import { randomUUID } from 'node:crypto';
import { describeError } from '@rxdc/native';
import type { Redis } from 'ioredis';
import { BehaviorSubject, distinctUntilChanged, type Observable, Subject } from 'rxjs';
import { WsServerError } from '../errors/ws-server-error.js';
import type { Availability, ClusterHost, ServerCluster } from '../server/server-cluster.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';
import { bridgeClient } from './bridge-client.js';
import { claimFreeTransceiver, releaseClaim } from './claim.js';
import {
  type ClusterOptions,
  type ResolvedClusterOptions,
  resolveClusterOptions,
} from './cluster-options.js';
import { loadRedis } from './load-ioredis.js';
import { heartbeat, leave } from './presence.js';
import { RedisKeys } from './redis-keys.js';
import { RedisLink } from './redis-link.js';
import { type RelayEnvelope, readEnvelope } from './relay-envelope.js';
import { RelayTunnel, type TunnelIo } from './relay-tunnel.js';
import { SessionWatch } from './session-watch.js';
import { TunnelSocket } from './tunnel-socket.js';

/** Remote nodes tried for one client before it is refused. */
const maxClaimAttempts = 3;

type Opening = {
  readonly tunnel: RelayTunnel;
  readonly settle: (accepted: boolean) => void;
};

/**
 * This process's membership of a cluster of ws-servers that share one Redis: it advertises the
 * node's free transceivers with a heartbeat, claims a free transceiver of another node for a
 * client that has none here, and carries that client's signaling frames through Redis as a
 * {@link RelayTunnel}. Redis going away never stops local serving: the node is then simply
 * alone (`connected` false) until Redis returns, and reconnects by itself.
 *
 * Give it to a `WsServer` as its `cluster` option: the server joins when it starts listening
 * and leaves when it stops. The lower-level calls (`start`, `advertise`, `onTunnel`,
 * `openTunnel`, `stop`) relay any other protocol.
 *
 * @example
 * ```ts
 * import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
 * import { ClusterNode } from '@rxdc/ws-server/cluster';
 *
 * const cluster = new ClusterNode({ redis: 'redis://127.0.0.1:6379', nodeId: 'node-a' });
 * const server = new WsServer({ cluster });
 * server.addPath('/ws/camera-1');
 * server.addTransceiver(new WebRtcTransceiver(), { path: '/ws/camera-1' });
 * server.listen(8080);
 * // A client of /ws/camera-1 reaching node-a while its transceiver is busy is relayed to a
 * // node with a free one. Later:
 * await server.drain();
 * ```
 */
export class ClusterNode implements ServerCluster {
  /** This node's id in the cluster. */
  readonly id: string;
  readonly #options: ResolvedClusterOptions;
  readonly #keys: RedisKeys;
  readonly #connected = new BehaviorSubject(false);
  readonly #errors = new Subject<WsServerError>();
  readonly #tunnels = new Map<string, RelayTunnel>();
  readonly #opening = new Map<string, Opening>();
  readonly #watch = new SessionWatch();
  readonly #io: TunnelIo;
  #link: RedisLink | undefined;
  #handler: ((tunnel: RelayTunnel) => boolean) | undefined;
  #host: ClusterHost | undefined;
  #availability: Availability | undefined;
  #timer: NodeJS.Timeout | undefined;
  #soon: NodeJS.Timeout | undefined;
  #ticking = false;
  #again: 'check' | 'advertise' | undefined;
  #joining = false;
  #wasConnected = false;
  /** Whether the current outage (or the failure to join at all) was reported. */
  #outageReported = false;
  /** Rejections of the `whenConnected()` promises still pending, for `stop()`. */
  readonly #waiting = new Set<(error: WsServerError) => void>();
  /** Invalid Redis entries reported since the last heartbeat. */
  readonly #reportedInvalid = new Set<string>();
  #draining = false;

  /**
   * Whether this node is in the cluster now (Redis reachable, its advertisement written),
   * then each change. While false the node relays nothing and serves its own clients only.
   * Never completes.
   */
  readonly connected$: Observable<boolean>;

  /**
   * Problems with no caller to throw to: `CLUSTER_UNAVAILABLE` when Redis goes away (once per
   * outage), `INVALID_SIGNALING` for an inbox message that is not a relay envelope,
   * `LISTENER_THREW` / `TRANSCEIVER_THREW` for what a tunnel's user threw. Never completes.
   */
  readonly errors$: Observable<WsServerError>;

  /**
   * @param options where Redis is and the relay's limits; see {@link ClusterOptions}.
   * @throws `WsServerError` `INVALID_ARGUMENT` for a wrong option.
   */
  constructor(options: ClusterOptions) {
    this.#options = resolveClusterOptions(options);
    // Here rather than at start(): a missing ioredis is said where the cluster is configured.
    loadRedis();
    this.id = this.#options.nodeId;
    this.#keys = new RedisKeys(this.#options.namespace);
    this.connected$ = this.#connected.pipe(distinctUntilChanged());
    this.errors$ = this.#errors.asObservable();
    this.#io = {
      maxPendingFrames: this.#options.maxPendingFrames,
      publish: (to, envelope) => this.#publish(to, envelope),
      ended: (tunnel) => this.#ended(tunnel),
    };
  }

  /** Whether Redis is reachable now. */
  get connected(): boolean {
    return this.#connected.value;
  }

  /** The tunnels open now, on either side. */
  get tunnels(): readonly RelayTunnel[] {
    return [...this.#tunnels.values()].filter((tunnel) => !this.#opening.has(tunnel.session));
  }

  /** The options in force, defaults filled in. */
  get options(): ResolvedClusterOptions {
    return this.#options;
  }

  /**
   * Connects to Redis and starts heartbeating. Returns at once: the node is alone until Redis
   * answers (see `connected$`), and keeps reconnecting while it does not. Does nothing when
   * started already.
   */
  start(): void {
    if (this.#link) return;
    this.#link = new RedisLink(
      this.#options,
      this.#keys.inbox(this.id),
      (text) => this.#receive(text),
      () => this.#updateConnected(),
      (error) => this.#unreachable(error),
    );
    this.#timer = setInterval(
      () => (this.connected ? this.#tick(true) : this.#updateConnected()),
      this.#options.heartbeatMs,
    );
  }

  /**
   * Resolves once this node is in the cluster: Redis reachable and this node's first
   * advertisement written (for tests and start-up scripts).
   */
  whenConnected(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (error: WsServerError) => {
        clearTimeout(timer);
        this.#waiting.delete(fail);
        queueMicrotask(() => subscription.unsubscribe());
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            new WsServerError('CLUSTER_UNAVAILABLE', `Redis not reachable after ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      this.#waiting.add(fail);
      const subscription = this.#connected.subscribe((up) => {
        if (!up) return;
        clearTimeout(timer);
        this.#waiting.delete(fail);
        queueMicrotask(() => subscription.unsubscribe());
        resolve();
      });
    });
  }

  /**
   * Says how many transceivers are free here; written to Redis at once (coalesced) and on
   * every heartbeat. While draining nothing is advertised. (A joined `WsServer` advertises
   * by itself.)
   */
  advertise(free: Availability): void {
    const same =
      this.#availability !== undefined &&
      this.#availability.any === free.any &&
      sameCounts(this.#availability.paths, free.paths);
    this.#availability = { paths: { ...free.paths }, any: free.any };
    if (!same) this.changed();
  }

  /**
   * Sets the function that takes tunnels other nodes open to this one: it returns true when it
   * gave the tunnel to a transceiver (attach to it then), false to refuse.
   */
  onTunnel(handler: (tunnel: RelayTunnel) => boolean): void {
    this.#handler = handler;
  }

  /**
   * Finds another node with a free transceiver for `path`, claims it atomically, and opens a
   * tunnel to it. Resolves with undefined when no node has one (or Redis is unreachable, or
   * the node is draining): the client is then served locally or refused as without a cluster.
   */
  async openTunnel(path: string, requestPath = path): Promise<RelayTunnel | undefined> {
    const redis = this.#link?.commands;
    if (!redis || !this.connected || this.#draining) return undefined;
    // A refusing node (its transceiver was taken meanwhile) had its count lowered by the
    // claim, so the next attempt picks another one when there is one.
    for (let attempt = 0; attempt < maxClaimAttempts; attempt++) {
      const session = randomUUID();
      let to: string | undefined;
      try {
        const claimed = await claimFreeTransceiver(redis, this.#keys, {
          session,
          from: this.id,
          path,
          ttlMs: this.#options.claimTtlMs,
        });
        to = claimed.node;
        this.#invalidData(claimed.invalid);
      } catch (error) {
        this.#report(
          new WsServerError(
            'CLUSTER_UNAVAILABLE',
            `node ${this.id} could not claim a transceiver in Redis: ${describeError(error)}`,
            { cause: error },
          ),
        );
        return undefined;
      }
      if (to === undefined) return undefined;
      const tunnel = new RelayTunnel(
        { session, peerNode: to, path, requestPath, side: 'client' },
        this.#io,
      );
      if (await this.#open(tunnel)) return tunnel;
    }
    return undefined;
  }

  /**
   * Stops taking relayed clients and advertises nothing more, while the tunnels open keep
   * working and the node keeps heartbeating (so other nodes do not take it for dead).
   */
  drain(): void {
    this.#draining = true;
    this.#availability = undefined;
    this.#tick(false);
  }

  /** Whether {@link ClusterNode.drain} was called. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Serves `host` (a `WsServer`) in the cluster; called by the server when it starts. */
  join(host: ClusterHost): void {
    this.#host = host;
    this.#draining = false;
    this.onTunnel((tunnel) =>
      host.takeRelayed(new TunnelSocket(tunnel), tunnel.path, tunnel.requestPath),
    );
    this.start();
    this.changed();
  }

  /** The host's free transceivers changed: advertise them soon (coalesced). */
  changed(): void {
    if (this.#soon || !this.#link) return;
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      this.#tick(false);
    }, 10);
  }

  /**
   * Relays a client of this node to a free transceiver of another: claims it, opens the
   * tunnel and joins the client to it. False when no node took the client (the caller
   * refuses it); the client's listeners already ran here.
   */
  async relay(socket: SignalingSocket, path: string, requestPath: string): Promise<boolean> {
    const tunnel = await this.openTunnel(path, requestPath);
    if (!tunnel) return false;
    if (socket.isClosed) {
      tunnel.close('CLOSED', 'the client left', 1000);
      return true;
    }
    bridgeClient(socket, tunnel);
    return true;
  }

  /** Leaves the cluster (see {@link ClusterNode.stop}); called by the server when it stops. */
  async leave(): Promise<void> {
    this.#host = undefined;
    this.#handler = undefined;
    await this.stop();
  }

  /**
   * Leaves the cluster: ends every tunnel (the other side is told `code`), removes this node's
   * advertisement and disconnects from Redis. Resolves when done; never rejects. `start()`
   * may follow.
   */
  async stop(code: 'CLOSED' | 'DRAINING' = 'CLOSED'): Promise<void> {
    // Nobody waits for a node that stopped (its timer would keep the process alive).
    for (const fail of [...this.#waiting]) {
      fail(new WsServerError('CLUSTER_UNAVAILABLE', `node ${this.id} stopped before it joined`));
    }
    const link = this.#link;
    if (!link) return;
    clearInterval(this.#timer);
    clearTimeout(this.#soon);
    this.#soon = undefined;
    for (const opening of this.#opening.values()) opening.settle(false);
    // Their close messages and claim releases go out before the goodbye below.
    for (const tunnel of [...this.#tunnels.values()]) tunnel.close(code, 'the node is leaving');
    this.#link = undefined;
    await link.close((redis) => leave(redis, this.#keys, this.id));
    this.#wasConnected = false;
    this.#outageReported = false;
    this.#connected.next(false);
  }

  /** Stops, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /**
   * Follows the connections: down at once when either is lost; up only once this node's
   * advertisement is written again (after a Redis restart nothing of it is left), so that
   * `connected` means the others can see this node.
   */
  #updateConnected(): void {
    const link = this.#link;
    if (!link?.up) {
      if (!this.#connected.value) return;
      this.#connected.next(false);
      if (this.#wasConnected && link && !this.#outageReported) {
        this.#outageReported = true;
        this.#report(
          new WsServerError(
            'CLUSTER_UNAVAILABLE',
            `node ${this.id} lost Redis: serving its own clients only until Redis returns`,
          ),
        );
      }
      return;
    }
    if (this.#connected.value || this.#joining) return;
    this.#joining = true;
    this.#advertiseNow(link.commands).then(
      () => {
        this.#joining = false;
        if (this.#link !== link || !link.up || this.#connected.value) return;
        this.#wasConnected = true;
        this.#outageReported = false;
        this.#watch.reset();
        this.#connected.next(true);
        // Claims this node owns come back at once (after a restart Redis has none).
        this.#tick(true);
      },
      () => {
        // The next heartbeat period tries again.
        this.#joining = false;
      },
    );
  }

  /**
   * A connection to Redis failed: reported once per outage, also when Redis was never reached
   * (a wrong URL, Redis not started), so that a node alone from the start says why.
   */
  #unreachable(error: Error): void {
    if (this.#connected.value || this.#outageReported || !this.#link) return;
    this.#outageReported = true;
    this.#report(
      new WsServerError(
        'CLUSTER_UNAVAILABLE',
        `node ${this.id} ${this.#wasConnected ? 'lost' : 'cannot reach'} Redis (${error.message}): serving its own clients only, and retrying`,
        { cause: error },
      ),
    );
  }

  async #advertiseNow(redis: Redis): Promise<void> {
    const free = this.#draining ? undefined : (this.#host?.availability() ?? this.#availability);
    const repaired = await heartbeat(redis, this.#keys, this.id, this.#options.ttlMs, free);
    // Bad entries are reported again (at most once per heartbeat) while they are still there.
    this.#reportedInvalid.clear();
    if (repaired !== undefined) {
      this.#report(
        new WsServerError(
          'CLUSTER_DATA_INVALID',
          `the cluster's node index ${this.#keys.nodes} was a ${repaired}, not a sorted set: node ${this.id} replaced it`,
        ),
      );
    }
  }

  /** Reports entries read from Redis that were not valid (skipped), each once per heartbeat. */
  #invalidData(invalid: readonly string[]): void {
    for (const entry of invalid) {
      if (this.#reportedInvalid.has(entry)) continue;
      this.#reportedInvalid.add(entry);
      this.#report(
        new WsServerError(
          'CLUSTER_DATA_INVALID',
          `ignored an invalid entry in Redis (${entry}): that node is skipped until its heartbeat rewrites it`,
        ),
      );
    }
  }

  #open(tunnel: RelayTunnel): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => settle(false), this.#options.openTimeoutMs);
      const settle = (accepted: boolean) => {
        if (!this.#opening.has(tunnel.session)) return;
        clearTimeout(timer);
        this.#opening.delete(tunnel.session);
        if (!accepted) tunnel.end('CLOSED', 'not accepted');
        resolve(accepted);
      };
      this.#opening.set(tunnel.session, { tunnel, settle });
      this.#tunnels.set(tunnel.session, tunnel);
      this.#publish(tunnel.peerNode, {
        t: 'open',
        s: tunnel.session,
        from: this.id,
        path: tunnel.path,
        q: tunnel.requestPath,
      }).then(
        (receivers) => {
          if (receivers === 0) settle(false);
        },
        () => settle(false),
      );
    });
  }

  #publish(to: string, envelope: RelayEnvelope): Promise<number> {
    const redis = this.#link?.commands;
    if (!redis) return Promise.reject(new Error('the node is not in the cluster'));
    return redis.publish(this.#keys.inbox(to), JSON.stringify(envelope));
  }

  #receive(text: string): void {
    const envelope = readEnvelope(text);
    if (!envelope) {
      this.#report(
        new WsServerError(
          'INVALID_SIGNALING',
          `ignored an inbox message that is not a relay envelope`,
        ),
      );
      return;
    }
    try {
      if (envelope.t === 'open') this.#accept(envelope);
      else if (envelope.t === 'accept' || envelope.t === 'refuse') {
        this.#opening.get(envelope.s)?.settle(envelope.t === 'accept');
      } else this.#tunnels.get(envelope.s)?.receive(envelope);
    } catch (error) {
      // What a sink threw must not reach ioredis (it would stop reading this connection).
      this.#report(
        new WsServerError('LISTENER_THREW', `a relay sink threw: ${describeError(error)}`, {
          cause: error,
        }),
      );
    }
  }

  #accept(open: Extract<RelayEnvelope, { t: 'open' }>): void {
    const refuse = (reason: string) => {
      this.#publish(open.from, { t: 'refuse', s: open.s, from: this.id, reason }).catch(() => {});
    };
    if (this.#tunnels.has(open.s)) return; // a repeated open: the first one is being served
    if (this.#draining || !this.#handler) {
      refuse('the node is not taking relayed clients');
      return;
    }
    const tunnel = new RelayTunnel(
      {
        session: open.s,
        peerNode: open.from,
        path: open.path,
        requestPath: open.q,
        side: 'transceiver',
      },
      this.#io,
    );
    this.#tunnels.set(tunnel.session, tunnel);
    let taken = false;
    try {
      taken = this.#handler(tunnel);
    } catch (error) {
      this.#report(
        new WsServerError(
          'TRANSCEIVER_THREW',
          `taking a relayed client threw: ${describeError(error)}`,
          {
            cause: error,
          },
        ),
      );
    }
    if (!taken) {
      tunnel.end('CLOSED', 'refused');
      refuse('no transceiver is free here any more');
      return;
    }
    // Frames the transceiver sent from the handler went out first: the other node holds them
    // in its tunnel until the accept arrives (one connection keeps the order of publishes).
    this.#publish(open.from, { t: 'accept', s: open.s, from: this.id }).then(
      (receivers) => {
        if (receivers === 0) tunnel.end('RELAY_NODE_LOST', `node ${open.from} no longer listens`);
      },
      () => tunnel.end('RELAY_UNAVAILABLE', 'Redis could not carry the accept'),
    );
  }

  #ended(tunnel: RelayTunnel): void {
    if (this.#tunnels.get(tunnel.session) !== tunnel) return;
    this.#tunnels.delete(tunnel.session);
    this.#watch.forget(tunnel.session);
    this.#opening.get(tunnel.session)?.settle(false);
    const redis = this.#link?.commands;
    if (redis?.status === 'ready') releaseClaim(redis, this.#keys, tunnel.session).catch(() => {});
  }

  /**
   * Advertises this node's free transceivers; on a heartbeat (`check`) also refreshes the
   * claims this node owns and ends the sessions whose other end is gone. Changes between
   * heartbeats only advertise, so that misses are counted once per heartbeat.
   */
  async #tick(check: boolean): Promise<void> {
    const redis = this.#link?.commands;
    if (!redis || !this.connected) return;
    if (this.#ticking) {
      // Asked mid-heartbeat: run again right after, not a whole period later.
      this.#again = this.#again === 'check' || check ? 'check' : 'advertise';
      return;
    }
    this.#ticking = true;
    try {
      await this.#advertiseNow(redis);
      if (check) {
        const ending = await this.#watch.check(
          redis,
          this.#keys,
          this.id,
          this.tunnels,
          this.#options.claimTtlMs,
        );
        for (const { tunnel, reason } of ending) tunnel.close('RELAY_NODE_LOST', reason);
      }
    } catch {
      // Redis went away mid-heartbeat: the connection state reports it; the next tick retries.
    } finally {
      this.#ticking = false;
    }
    const again = this.#again;
    this.#again = undefined;
    if (again) await this.#tick(again === 'check');
  }

  #report(error: WsServerError): void {
    if (this.#errors.observed) this.#errors.next(error);
  }
}

function sameCounts(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
