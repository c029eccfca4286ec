// Routing: which transceiver takes a client. The paths served, the client listeners, the
// transceivers and the clients they hold, and the one path every client takes to a
// transceiver however it arrived (accepted here, handed over by the app, relayed from another
// node of a cluster). The server (ws-server.ts) owns the state it reads through RouterHost.
import { describeError } from '@rxdc/native';
import { WsServerError } from '../errors/ws-server-error.js';
import { ListenerRegistry } from '../listeners/listener-registry.js';
import { CloseCode } from '../protocol/close-codes.js';
import { refusalFrame } from '../protocol/signaling-message.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';
import { WsSocket } from '../socket/ws-socket.js';
import type { SignalingTransceiver } from '../transceiver/signaling-transceiver.js';
import type { UpgradeRequest } from './admission.js';
import type { Availability, ServerCluster } from './server-cluster.js';

/**
 * The root path every server serves from the start, `/ws`. Paths added with `addPath` live
 * under it (`/ws/pipeline-1`).
 *
 * @example
 * ```ts
 * import { ROOT_PATH } from '@rxdc/ws-server';
 * const url = `ws://127.0.0.1:60001${ROOT_PATH}`;
 * ```
 */
export const ROOT_PATH = '/ws';

/**
 * A server's client listener: called with the path of every incoming connection (without its
 * query string), the `clientData` given when it was added and the client's upgrade request
 * (headers, cookies, `Origin`, address, query; undefined for a client handed over with
 * `handOver()`), before the server looks for a transceiver, so it may create and add one for
 * that path.
 *
 * @example
 * ```ts
 * import { type ClientListener, ConnectionState, WebRtcTransceiver } from '@rxdc/ws-server';
 * const onClient: ClientListener<string> = (path, tag) => {
 *   console.log(tag, 'client on', path);
 *   // A transceiver for this client, taken off the server once the client has left.
 *   const transceiver = new WebRtcTransceiver();
 *   transceiver.addClientListener((state) => {
 *     if (state !== ConnectionState.CLOSED) return;
 *     server.removeTransceiver(transceiver);
 *     transceiver.close();
 *   });
 *   server.addTransceiver(transceiver, { path });
 * };
 * server.addClientListener(onClient, 'app');
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: client data is opaque, as the C API's void*
export type ClientListener<T = any> = (
  path: string,
  clientData: T,
  request: UpgradeRequest | undefined,
) => void;

/**
 * A connection a {@link WsServer} accepted and handed to a transceiver, as `connections$`
 * emits it.
 *
 * @example
 * ```ts
 * server.connections$.subscribe(({ path, transceiver, request }) => {
 *   console.log(`client of ${request?.remoteAddress} on ${path} handed to`, transceiver);
 * });
 * ```
 */
export interface WsConnection {
  /** The path the client asked for, without its query string (`/ws/pipeline-1`). */
  readonly path: string;
  /** The full request path, query string included (`/ws/pipeline-1?room=2`). */
  readonly requestPath: string;
  /** The client's signaling connection. */
  readonly socket: SignalingSocket;
  /** The transceiver the connection was handed to. */
  readonly transceiver: SignalingTransceiver;
  /**
   * The client's upgrade request (headers, cookies, `Origin`, address, query), for a client
   * that connected to this server; undefined for one handed over by the app or relayed from
   * another node of a cluster.
   */
  readonly request: UpgradeRequest | undefined;
}

/**
 * Options of {@link WsServer.addTransceiver}.
 *
 * @example
 * ```ts
 * server.addTransceiver(new WebRtcTransceiver(), { path: '/ws/camera-1' });
 * ```
 */
export interface AddTransceiverOptions {
  /**
   * Offer the transceiver to clients of this path only, before the transceivers added
   * without a path. Without a path it takes clients of any path.
   */
  readonly path?: string;
}

/** What routing reads of the server it routes for. @internal */
export interface RouterHost {
  readonly listening: boolean;
  readonly draining: boolean;
  /** `maxPeers` of the transport in use (unbounded while not listening). */
  readonly maxPeers: number;
  readonly cluster: ServerCluster | undefined;
  report(error: WsServerError, unhandledIfUnobserved: boolean): void;
  /** A client was handed to a transceiver (for `connections$`). */
  connected(connection: WsConnection): void;
}

/** A transceiver added, with its path and the client it is busy with. */
type TransceiverEntry = {
  readonly transceiver: SignalingTransceiver;
  readonly path: string | undefined;
  /**
   * The client it took and was no longer available after: a transceiver takes one client at a
   * time and is available again when that client leaves, so it is not asked again until then
   * (with a transceiver per client, asking every busy one made each hand-over cost O(clients)).
   */
  busyWith: SignalingSocket | undefined;
  /** When it was added: the order transceivers are offered clients in. */
  readonly order: number;
};

/**
 * Paths, listeners and transceivers of one server, and the clients its transceivers hold.
 *
 * @internal
 */
export class Router {
  /** The paths served: `/ws` and those added. */
  readonly paths = new Set<string>([ROOT_PATH]);
  readonly listeners = new ListenerRegistry<ClientListener>('client listener', {
    added: 'LISTENER_ALREADY_ADDED',
    notFound: 'LISTENER_NOT_FOUND',
  });
  /** Each client a transceiver holds (local or relayed here), with that transceiver's entry. */
  readonly handedOver = new Map<SignalingSocket, TransceiverEntry>();
  /**
   * The transceivers added, in the order they are offered connections (a Map keeps the order
   * it was filled in): one entry each, found, checked for duplicates and removed at once.
   */
  readonly #entries = new Map<SignalingTransceiver, TransceiverEntry>();
  /**
   * The entries not busy with a client, in the order they were added: the only ones a client
   * is offered to. With a transceiver per client, all but the newest are busy, and looking
   * through every entry made each hand-over cost O(clients).
   */
  #idle = new Set<TransceiverEntry>();
  /** At least the `order` of every idle entry (so that a newer one is simply appended). */
  #idleNewest = -1;
  #added = 0;
  readonly #host: RouterHost;

  constructor(host: RouterHost) {
    this.#host = host;
  }

  /** The transceivers added, in the order they are offered connections. */
  get transceivers(): readonly SignalingTransceiver[] {
    return [...this.#entries.keys()];
  }

  /**
   * Offers incoming connections to `transceiver` whenever it is available. With `path` it
   * takes clients of that path only, and before any transceiver added without a path; without
   * one it takes clients of every path.
   *
   * @throws {@link WsServerError} `TRANSCEIVER_ALREADY_ADDED`, `INVALID_PATH` for a path not
   * under `/ws/` (`/ws` itself is allowed), `INVALID_ARGUMENT` for something that is not a
   * transceiver.
   */
  add(transceiver: SignalingTransceiver, options: AddTransceiverOptions = {}): void {
    if (
      typeof transceiver !== 'object' ||
      transceiver === null ||
      typeof transceiver.connect !== 'function'
    ) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        'addTransceiver() takes a SignalingTransceiver (isAvailable, connect, disconnect)',
      );
    }
    if (this.#entries.has(transceiver)) {
      throw new WsServerError(
        'TRANSCEIVER_ALREADY_ADDED',
        'this transceiver was already added to this server',
      );
    }
    const path =
      options.path === undefined || options.path === ROOT_PATH
        ? options.path
        : requireWsPath(options.path);
    const entry = { transceiver, path, busyWith: undefined, order: this.#added++ };
    this.#entries.set(transceiver, entry);
    this.#markIdle(entry);
    this.#host.cluster?.changed();
  }

  /**
   * Stops offering connections to `transceiver`. A client it is connected to stays connected;
   * call the transceiver's `disconnect()` to end that too.
   *
   * @throws {@link WsServerError} `TRANSCEIVER_NOT_FOUND` if it was never added.
   */
  remove(transceiver: SignalingTransceiver): void {
    const entry = this.#entries.get(transceiver);
    if (entry === undefined)
      throw new WsServerError(
        'TRANSCEIVER_NOT_FOUND',
        'this transceiver was never added to this server (or was already removed)',
      );
    this.#entries.delete(transceiver);
    this.#idle.delete(entry);
    this.#host.cluster?.changed();
  }

  /**
   * Routes one client, the one path for every client however it arrived: a WebSocket accepted
   * here (`request` holds its upgrade request), one handed over by the app, or one relayed from
   * another node (no listeners run: they ran on that node; no refusal is sent: that node
   * refuses or tries another). Checks the path, runs the client listeners, picks a
   * transceiver (else relays through the cluster) and connects it.
   */
  route(
    socket: SignalingSocket,
    path: string,
    requestPath: string,
    request: UpgradeRequest | undefined,
    from: 'local' | 'relayed',
  ): boolean {
    const relayed = from === 'relayed';
    if (relayed && (!this.#host.listening || this.#host.draining)) return false;
    if (!this.paths.has(path)) {
      if (relayed) return false;
      this.#refuse(
        socket,
        'PATH_NOT_ADDED',
        CloseCode.POLICY_VIOLATION,
        `path ${JSON.stringify(path)} is not served here: connect to one of ${[...this.paths].join(', ')}`,
      );
      return false;
    }
    const maxPeers = this.#host.maxPeers;
    if (this.handedOver.size >= maxPeers) {
      if (relayed) return false;
      this.#refuse(
        socket,
        'LIMIT_EXCEEDED',
        CloseCode.TRY_AGAIN_LATER,
        `the server has ${maxPeers} peers (maxPeers): try again later`,
      );
      return false;
    }
    if (!relayed) {
      for (const error of this.listeners.call(path, request)) {
        this.#host.report(
          new WsServerError(
            'LISTENER_THREW',
            `a client listener threw on ${path}: ${describeError(error)}`,
            { cause: error },
          ),
          true,
        );
      }
      // A listener may have stopped the server, or the client may have left meanwhile.
      if (!this.#host.listening || socket.isClosed) {
        socket.close(CloseCode.GOING_AWAY, 'the server is stopping');
        return false;
      }
    }
    const entry = this.#choose(path);
    if (!entry) {
      if (relayed) return false;
      if (this.#host.cluster && !this.#host.draining) {
        this.#relay(this.#host.cluster, socket, path, requestPath);
        return true;
      }
      this.#refuse(
        socket,
        'NO_TRANSCEIVER',
        CloseCode.TRY_AGAIN_LATER,
        `no transceiver is available for ${path}: try again later`,
      );
      return false;
    }
    const { transceiver } = entry;
    try {
      transceiver.connect(socket, path);
    } catch (error) {
      this.#host.report(
        new WsServerError(
          'TRANSCEIVER_THREW',
          `the transceiver for ${path} refused ${relayed ? 'a relayed client' : 'the client'}: ${describeError(error)}`,
          { cause: error },
        ),
        false,
      );
      if (!relayed) {
        sendRefusal(
          socket,
          'TRANSCEIVER_THREW',
          CloseCode.INTERNAL_ERROR,
          `the transceiver for ${path} could not take the connection`,
        );
      }
      return false;
    }
    this.#connected(socket, entry);
    this.#host.connected({ path, requestPath, socket, transceiver, request });
    return true;
  }

  /** Disconnects every transceiver that holds a client and closes those clients (1001). */
  disconnectAll(): void {
    // Clients relayed from other nodes close at once (their close reaches the client through
    // the other node): before their transceivers end them with a plain 1000.
    for (const socket of this.handedOver.keys()) socket.close(CloseCode.GOING_AWAY);
    for (const transceiver of new Set([...this.handedOver.values()].map((e) => e.transceiver))) {
      try {
        transceiver.disconnect();
      } catch (error) {
        this.#host.report(
          new WsServerError(
            'TRANSCEIVER_THREW',
            `a transceiver's disconnect() threw: ${describeError(error)}`,
            { cause: error },
          ),
          true,
        );
      }
    }
    for (const socket of this.handedOver.keys()) socket.close(CloseCode.GOING_AWAY);
    this.handedOver.clear();
  }

  /** Tracks a client a transceiver took, until it closes. */
  #connected(socket: SignalingSocket, entry: TransceiverEntry): void {
    this.handedOver.set(socket, entry);
    if (!isAvailable(entry.transceiver)) {
      entry.busyWith = socket;
      this.#idle.delete(entry);
    }
    this.#host.cluster?.changed();
    // A client of this server: one function for all (a closure each would live as long).
    if (socket instanceof WsSocket) socket.onClose(this.#released);
    else socket.closed$.subscribe(() => this.#released(socket));
  }

  /** A client a transceiver held has closed: the transceiver is free of it. */
  readonly #released = (socket: SignalingSocket): void => {
    let entry = this.handedOver.get(socket);
    if (entry !== undefined) this.handedOver.delete(socket);
    else {
      // Let go by disconnectAll() already: its transceiver may still be busy with it.
      for (const candidate of this.#entries.values()) {
        if (candidate.busyWith === socket) entry = candidate;
      }
    }
    if (entry?.busyWith === socket) {
      entry.busyWith = undefined;
      // Offered clients again, unless it was removed meanwhile.
      if (this.#entries.get(entry.transceiver) === entry) this.#markIdle(entry);
    }
    this.#host.cluster?.changed();
  };

  /** Offers a client with no transceiver here to the cluster; refuses it if no node takes it. */
  #relay(cluster: ServerCluster, socket: SignalingSocket, path: string, requestPath: string): void {
    const refuse = () =>
      this.#refuse(
        socket,
        'NO_TRANSCEIVER',
        CloseCode.TRY_AGAIN_LATER,
        `no transceiver is available for ${path} on any node: try again later`,
      );
    cluster.relay(socket, path, requestPath).then(
      (taken) => {
        if (!taken && !socket.isClosed) refuse();
      },
      () => refuse(),
    );
  }

  /** The transceivers free now, as the cluster advertises them. */
  availability(): Availability {
    const paths: Record<string, number> = {};
    let any = 0;
    for (const { transceiver, path, busyWith } of this.#idle) {
      if (busyWith !== undefined || !isAvailable(transceiver)) continue;
      if (path === undefined) any += 1;
      else paths[path] = (paths[path] ?? 0) + 1;
    }
    return { paths, any };
  }

  /** Puts `entry` among the idle ones, in the order the transceivers were added. */
  #markIdle(entry: TransceiverEntry): void {
    if (entry.order > this.#idleNewest) {
      this.#idle.add(entry);
      this.#idleNewest = entry.order;
      return;
    }
    // Freed before newer ones (a pool of transceivers): its place among the idle ones only.
    const idle = new Set<TransceiverEntry>();
    for (const other of this.#idle) {
      if (other.order > entry.order) idle.add(entry);
      idle.add(other);
    }
    idle.add(entry);
    this.#idle = idle;
  }

  /** The first available transceiver added for `path`, else the first added for any path. */
  #choose(path: string): TransceiverEntry | undefined {
    let anyPath: TransceiverEntry | undefined;
    for (const entry of this.#idle) {
      if (entry.busyWith !== undefined) continue;
      if (entry.path === path) {
        if (isAvailable(entry.transceiver)) return entry;
      } else if (entry.path === undefined && anyPath === undefined) {
        if (isAvailable(entry.transceiver)) anyPath = entry;
      }
    }
    return anyPath;
  }

  #refuse(
    socket: SignalingSocket,
    code: 'PATH_NOT_ADDED' | 'NO_TRANSCEIVER' | 'LIMIT_EXCEEDED',
    closeCode: number,
    reason: string,
  ): void {
    this.#host.report(new WsServerError(code, `refused a client: ${reason}`), false);
    sendRefusal(socket, code, closeCode, reason);
  }
}

/**
 * Tells a client why it is refused, in a last text frame (`{"type":"error",...}`) and in the
 * close code and reason, then closes it.
 */
function sendRefusal(socket: SignalingSocket, code: string, closeCode: number, reason: string) {
  try {
    if (socket.isOpen) socket.send(refusalFrame(code, reason));
  } catch {
    // Gone already: closing below is all that is left to do.
  }
  socket.close(closeCode, reason);
}

/** Whether a transceiver can take a client; one whose getter throws cannot. */
function isAvailable(transceiver: SignalingTransceiver): boolean {
  try {
    return transceiver.isAvailable === true;
  } catch {
    return false;
  }
}

/** Throws `INVALID_PATH` unless `path` is a path under `/ws/`. @internal */
export function requireWsPath(path: unknown): string {
  if (typeof path !== 'string') {
    throw new WsServerError(
      'INVALID_ARGUMENT',
      `a path must be a string such as '/ws/pipeline-1', got ${typeof path}`,
    );
  }
  if (!path.startsWith(`${ROOT_PATH}/`) || path.length === ROOT_PATH.length + 1) {
    throw new WsServerError(
      'INVALID_PATH',
      `path ${JSON.stringify(path)} must start with '/ws/' and name something after it, such as '/ws/pipeline-1'`,
    );
  }
  if (/[?#\s]/.test(path)) {
    throw new WsServerError(
      'INVALID_PATH',
      `path ${JSON.stringify(path)} must not contain '?', '#' or spaces: register the path alone`,
    );
  }
  return path;
}

/** The path part of a request path, without its query string or fragment. @internal */
export function pathnameOf(requestPath: string): string {
  const end = requestPath.search(/[?#]/);
  return end === -1 ? requestPath : requestPath.slice(0, end);
}
