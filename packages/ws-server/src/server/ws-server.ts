import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { BehaviorSubject, distinctUntilChanged, type Observable, Subject } from 'rxjs';
import { WebSocketServer, type WebSocket as WsWebSocket } from 'ws';
import { reportUnhandled } from '../errors/report-unhandled.js';
import { WsServerError } from '../errors/ws-server-error.js';
import { ListenerRegistry } from '../listeners/listener-registry.js';
import { CloseCode } from '../protocol/close-codes.js';
import { refusalFrame } from '../protocol/signaling-message.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';
import { WsSocket } from '../socket/ws-socket.js';
import type { SignalingTransceiver } from '../transceiver/signaling-transceiver.js';
import { bindNow } from './bind-now.js';
import type { ClientListener } from './client-listener.js';
import { ConnectionCounts } from './connection-counts.js';
import { DEFAULT_PORT } from './default-port.js';
import type { AttachOptions, ListenOptions } from './listen-options.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { selfSignedCertificate } from './self-signed-certificate.js';
import type { Availability, ClusterHost, ServerCluster } from './server-cluster.js';
import { type ResolvedLimits, resolveLimits } from './server-limits.js';
import type { WsConnection } from './ws-connection.js';
import { pathnameOf, ROOT_PATH, requireWsPath } from './ws-path.js';
import type { DrainOptions, WsServerOptions } from './ws-server-options.js';
import type { WsServerState } from './ws-server-state.js';

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

const notListening: WsServerState = Object.freeze({ listening: false, port: 0 });

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
};

/** The HTTP server a WsServer takes upgrades from, and what it tracks on it. */
type Transport = {
  readonly http: Server;
  /** Made by `listen()` (closed by `stop()`), or given to `attach()` (left open). */
  readonly owned: boolean;
  readonly wss: WebSocketServer;
  readonly limits: ResolvedLimits;
  readonly clients: Set<WsSocket>;
  /** TCP connections past the upgrade checks (handshaking or open), for the limits. */
  readonly counts: ConnectionCounts;
  readonly detach: () => void;
  keepalive: ReturnType<typeof setInterval> | undefined;
};

/**
 * A WebSocket server that hands each incoming connection to a signaling transceiver, the
 * listener-and-path model of the DSL WebSocket Server API, on Node's own `http`/`https` server
 * and the `ws` package.
 *
 * It serves `/ws` and the paths added with {@link WsServer.addPath}; an upgrade request for
 * any other path gets HTTP 404, one over a connection limit HTTP 503, before a WebSocket
 * exists. On each connection it calls every client listener with the path, then hands the
 * socket to the first available transceiver, preferring one registered for that path; if
 * none is available the client is closed with 1013 and a reason it can read. It listens on its
 * own port ({@link WsServer.listen}) or shares an app's HTTP server ({@link WsServer.attach}).
 *
 * @example
 * ```ts
 * import { ConnectionState, WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
 *
 * const server = new WsServer();
 * server.addPath('/ws/chat');
 * server.addClientListener((path) => {
 *   // One transceiver per client, created on demand, and removed once its client has left
 *   // (added for every client and never removed, they would pile up).
 *   const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
 *   transceiver.addClientListener((state) => {
 *     if (state !== ConnectionState.CLOSED) return;
 *     server.removeTransceiver(transceiver);
 *     transceiver.close();
 *   });
 *   server.addTransceiver(transceiver, { path });
 * });
 * const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
 * console.log(`ws://127.0.0.1:${port}/ws/chat`);
 * // later
 * await server.stop();
 * ```
 */
export class WsServer {
  readonly #paths = new Set<string>([ROOT_PATH]);
  readonly #listeners = new ListenerRegistry<ClientListener>('client listener', {
    added: 'LISTENER_ALREADY_ADDED',
    notFound: 'LISTENER_NOT_FOUND',
  });
  readonly #transceivers: TransceiverEntry[] = [];
  /** The same transceivers, for a quick duplicate check. */
  readonly #added = new Set<SignalingTransceiver>();
  readonly #state = new BehaviorSubject<WsServerState>(notListening);
  readonly #connections = new Subject<WsConnection>();
  readonly #errors = new Subject<WsServerError>();
  readonly #handedOver = new Map<SignalingSocket, SignalingTransceiver>();
  #transport: Transport | undefined;
  readonly #cluster: ServerCluster | undefined;
  #draining = false;
  /** What the cluster sees of this server. */
  readonly #host: ClusterHost = {
    availability: () => this.#availability(),
    takeRelayed: (socket, path, requestPath) => this.#takeRelayed(socket, path, requestPath),
  };

  /**
   * @param options `cluster`: share transceivers with other servers (see
   * {@link WsServerOptions}).
   * @throws {@link WsServerError} `INVALID_ARGUMENT` for a wrong option.
   */
  constructor(options: WsServerOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new WsServerError('INVALID_ARGUMENT', 'WsServer options must be an object');
    }
    const { cluster } = options;
    if (
      cluster !== undefined &&
      (typeof cluster !== 'object' || typeof cluster?.join !== 'function')
    ) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        'cluster must be a ClusterNode of @rxdc/ws-server/cluster',
      );
    }
    this.#cluster = cluster;
  }

  /** `{ listening, port }` now, then each change. Never completes. */
  readonly state$: Observable<WsServerState> = this.#state.pipe(
    distinctUntilChanged((a, b) => a.listening === b.listening && a.port === b.port),
  );

  /**
   * Each connection handed to a transceiver: path, request path, socket and transceiver. In a
   * cluster, a client relayed here from another node is listed here (its socket carries its
   * frames through Redis); a client of this node relayed elsewhere is not.
   */
  readonly connections$: Observable<WsConnection> = this.#connections.asObservable();

  /**
   * Problems that have no caller to throw to: clients refused (`PATH_NOT_ADDED`,
   * `OVER_LIMIT`, `NO_TRANSCEIVER`, `TRANSCEIVER_THREW`, `DRAINING`) and listeners that threw
   * (`LISTENER_THREW`; when nobody subscribes here, these go to RxJS's unhandled-error path
   * instead).
   */
  readonly errors$: Observable<WsServerError> = this.#errors.asObservable();

  /** Whether the server is listening (or attached), and on which port (0 when not). */
  get state(): WsServerState {
    return this.#state.value;
  }

  /** The paths served: `/ws` and every path added. */
  get paths(): readonly string[] {
    return [...this.#paths];
  }

  /** The transceivers added, in the order they are offered connections. */
  get transceivers(): readonly SignalingTransceiver[] {
    return this.#transceivers.map((entry) => entry.transceiver);
  }

  /** Clients connected now (handed to a transceiver or not yet closed after a refusal). */
  get clientCount(): number {
    return this.#transport?.clients.size ?? 0;
  }

  /**
   * Serves one more path, which must be under `/ws/` (`'/ws/pipeline-1'`). Adding a path
   * twice does nothing.
   *
   * @throws {@link WsServerError} `LISTENING` while listening (add paths before `listen()`),
   * `INVALID_PATH` for a path not under `/ws/`.
   */
  addPath(path: string): void {
    const checked = requireWsPath(path);
    if (this.#state.value.listening) {
      throw new WsServerError(
        'LISTENING',
        `cannot add path ${JSON.stringify(path)} while listening: call stop(), add it, then listen() again`,
      );
    }
    this.#paths.add(checked);
  }

  /**
   * Starts listening on a server of its own, by default on port 60001 and every interface.
   * Pass port 0 for a free port; the port really used is in the returned state. The port is
   * bound before this returns.
   *
   * @throws {@link WsServerError} `ALREADY_LISTENING`, `BIND_FAILED` when the port is taken
   * (the server stays not listening), `INVALID_ARGUMENT` for a wrong port, option or
   * certificate.
   */
  listen(port: number = DEFAULT_PORT, options: ListenOptions = {}): WsServerState {
    this.#requireStopped();
    checkPort(port);
    if (typeof options !== 'object' || options === null) {
      throw new WsServerError('INVALID_ARGUMENT', 'listen() options must be an object');
    }
    const { bindAddress } = options;
    if (bindAddress !== undefined && (typeof bindAddress !== 'string' || isIP(bindAddress) === 0)) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `bindAddress must be an IP address such as '127.0.0.1', got ${JSON.stringify(bindAddress)}`,
      );
    }
    const limits = resolveLimits(options);
    const http = createOwnServer(options, limits);
    if (!bindNow(http, port, bindAddress)) {
      throw new WsServerError(
        'BIND_FAILED',
        `cannot listen on port ${port}${bindAddress ? ` of ${bindAddress}` : ''}: it is in use or not allowed; stop what uses it, or listen(0) for a free port`,
      );
    }
    this.#start(http, true, limits);
    return this.#state.value;
  }

  /**
   * Takes WebSocket upgrades on an HTTP(S) server the app already runs (plain `http`,
   * express's `app.listen()`, fastify's `server`), so pages and signaling share one port.
   * Requests for paths this server does not serve are left to the app: only upgrades are
   * taken, and among them those under `/ws` (every unserved path gets 404 when nothing else
   * takes upgrades). `stop()` detaches and closes the clients, and leaves the app's server
   * running.
   *
   * @example
   * ```ts
   * import { createServer } from 'node:http';
   * const http = createServer((req, res) => res.end('hello'));
   * server.attach(http);
   * http.listen(8080);
   * ```
   * @throws {@link WsServerError} `ALREADY_LISTENING` while listening or attached,
   * `INVALID_ARGUMENT` for something that is not an HTTP server or a wrong limit.
   */
  attach(httpServer: Server, options: AttachOptions = {}): WsServerState {
    this.#requireStopped();
    if (
      typeof httpServer !== 'object' ||
      httpServer === null ||
      typeof (httpServer as { on?: unknown }).on !== 'function' ||
      typeof (httpServer as { address?: unknown }).address !== 'function'
    ) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        'attach() takes a node:http or node:https Server (for express: the value app.listen() returns)',
      );
    }
    const limits = resolveLimits(options);
    this.#start(httpServer, false, limits);
    return this.#state.value;
  }

  /**
   * Stops listening (or detaches). Every client is closed with 1001 (going away); every
   * connected transceiver is disconnected (and notifies its own listeners) before this
   * returns. The returned promise resolves once every client is gone (those that do not
   * answer the close within `stopTimeout` are dropped) and a server of its own is closed. The
   * server can listen again at once.
   *
   * @throws {@link WsServerError} `NOT_LISTENING` when not listening.
   */
  stop(): Promise<void> {
    const transport = this.#transport;
    if (!transport || !this.#state.value.listening) {
      throw new WsServerError('NOT_LISTENING', 'stop() while not listening: call listen() first');
    }
    this.#transport = undefined;
    transport.detach();
    if (transport.keepalive) clearInterval(transport.keepalive);
    const clients = [...transport.clients];
    for (const client of clients) client.close(CloseCode.GOING_AWAY, 'the server is stopping');
    // Clients relayed from other nodes close at once (their close reaches the client through
    // the other node): before their transceivers end them with a plain 1000.
    for (const socket of this.#handedOver.keys()) socket.close(CloseCode.GOING_AWAY);
    for (const transceiver of new Set(this.#handedOver.values())) {
      try {
        transceiver.disconnect();
      } catch (error) {
        this.#report(
          new WsServerError(
            'TRANSCEIVER_THREW',
            `a transceiver's disconnect() threw: ${describeError(error)}`,
            { cause: error },
          ),
          true,
        );
      }
    }
    for (const socket of this.#handedOver.keys()) socket.close(CloseCode.GOING_AWAY);
    this.#handedOver.clear();
    this.#state.next(notListening);
    const left = this.#cluster?.leave() ?? Promise.resolve();
    return Promise.all([closeAll(transport, clients), left]).then(() => {});
  }

  /**
   * Shuts down gracefully, as on SIGTERM: new clients get HTTP 503 at once, the cluster (if
   * any) stops sending clients here, and the clients connected may finish; those still there
   * after `timeout` are closed with 1001. Resolves when everything is closed, as
   * {@link WsServer.stop} does.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', async () => {
   *   await server.drain({ timeout: 10_000 });
   *   transceiver.close(); // nothing left: the process exits by itself
   * });
   * ```
   * @throws {@link WsServerError} `NOT_LISTENING` when not listening, `INVALID_ARGUMENT` for a
   * wrong timeout.
   */
  async drain(options: DrainOptions = {}): Promise<void> {
    const transport = this.#transport;
    if (!transport || !this.#state.value.listening) {
      throw new WsServerError('NOT_LISTENING', 'drain() while not listening: call listen() first');
    }
    const timeout = options.timeout ?? 30_000;
    if (!Number.isSafeInteger(timeout) || timeout < 0) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `drain timeout must be a whole number of ms, got ${String(timeout)}`,
      );
    }
    this.#draining = true;
    this.#cluster?.drain();
    const deadline = Date.now() + timeout;
    while (
      (transport.clients.size > 0 || this.#handedOver.size > 0) &&
      Date.now() < deadline &&
      this.#transport === transport
    ) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, timeout)));
    }
    this.#draining = false;
    if (this.#transport === transport) await this.stop();
  }

  /**
   * Adds a function called with the path of every incoming connection (and `clientData`),
   * before a transceiver is chosen. Listeners are called in the order added; one that throws
   * is reported on `errors$` and does not stop the others. Works listening or not.
   *
   * A listener that adds a transceiver for each client must also remove it once that client
   * has left (a transceiver is available again then, and stays on the server until removed).
   *
   * @example
   * ```ts
   * import { ConnectionState, WebRtcTransceiver } from '@rxdc/ws-server';
   * server.addClientListener((path) => {
   *   const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
   *   transceiver.addClientListener((state) => {
   *     if (state !== ConnectionState.CLOSED) return;
   *     server.removeTransceiver(transceiver);
   *     transceiver.close();
   *   });
   *   server.addTransceiver(transceiver, { path });
   * });
   * ```
   *
   * @throws {@link WsServerError} `LISTENER_ALREADY_ADDED` if this function was already added.
   */
  addClientListener<T>(listener: ClientListener<T>, clientData?: T): void {
    this.#listeners.add(listener, clientData);
  }

  /**
   * Removes a client listener.
   *
   * @throws {@link WsServerError} `LISTENER_NOT_FOUND` if it was never added.
   */
  removeClientListener<T>(listener: ClientListener<T>): void {
    this.#listeners.remove(listener);
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
  addTransceiver(transceiver: SignalingTransceiver, options: AddTransceiverOptions = {}): void {
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
    if (this.#added.has(transceiver)) {
      throw new WsServerError(
        'TRANSCEIVER_ALREADY_ADDED',
        'this transceiver was already added to this server',
      );
    }
    const path =
      options.path === undefined || options.path === ROOT_PATH
        ? options.path
        : requireWsPath(options.path);
    this.#transceivers.push({ transceiver, path, busyWith: undefined });
    this.#added.add(transceiver);
    this.#cluster?.changed();
  }

  /**
   * Stops offering connections to `transceiver`. A client it is connected to stays connected;
   * call the transceiver's `disconnect()` to end that too.
   *
   * @throws {@link WsServerError} `TRANSCEIVER_NOT_FOUND` if it was never added.
   */
  removeTransceiver(transceiver: SignalingTransceiver): void {
    const index = this.#transceivers.findIndex((entry) => entry.transceiver === transceiver);
    if (index === -1)
      throw new WsServerError(
        'TRANSCEIVER_NOT_FOUND',
        'this transceiver was never added to this server (or was already removed)',
      );
    this.#transceivers.splice(index, 1);
    this.#added.delete(transceiver);
    this.#cluster?.changed();
  }

  /**
   * Hands one client's signaling connection to a transceiver, as the server does for each
   * WebSocket it accepts: calls every client listener with the path, then connects the first
   * available transceiver (preferring one added for that path), or closes the client with
   * 1013 and a reason. For transports that carry clients some other way (another process, a
   * message bus): give the client as a {@link SignalingSocket}. Works while the server is
   * listening or attached; otherwise the client is closed with 1001.
   *
   * @example
   * ```ts
   * const accepted = server.handOver(remoteClient, '/ws/chat?room=2');
   * ```
   * @returns true when a transceiver took the client (or, in a cluster, the client is being
   * relayed to another node, which may still refuse it with 1013); false when it was refused
   * (and closed).
   */
  handOver(socket: SignalingSocket, requestPath: string): boolean {
    const path = pathnameOf(requestPath);
    if (!this.#paths.has(path)) {
      this.#refuse(
        socket,
        'PATH_NOT_ADDED',
        CloseCode.POLICY_VIOLATION,
        `path ${JSON.stringify(path)} is not served here: connect to one of ${this.paths.join(', ')}`,
      );
      return false;
    }
    for (const error of this.#listeners.call(path)) {
      this.#report(
        new WsServerError(
          'LISTENER_THREW',
          `a client listener threw on ${path}: ${describeError(error)}`,
          { cause: error },
        ),
        true,
      );
    }
    // A listener may have stopped the server, or the client may have left meanwhile.
    if (!this.#state.value.listening || socket.isClosed) {
      socket.close(CloseCode.GOING_AWAY, 'the server is stopping');
      return false;
    }
    const entry = this.#choose(path);
    if (!entry && this.#cluster && !this.#draining) {
      this.#relay(this.#cluster, socket, path, requestPath);
      return true;
    }
    if (!entry) {
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
      this.#report(
        new WsServerError(
          'TRANSCEIVER_THREW',
          `the transceiver for ${path} refused the client: ${describeError(error)}`,
          { cause: error },
        ),
        false,
      );
      sendRefusal(
        socket,
        'TRANSCEIVER_THREW',
        CloseCode.INTERNAL_ERROR,
        `the transceiver for ${path} could not take the connection`,
      );
      return false;
    }
    this.#connected(socket, entry);
    if (this.#connections.observed)
      this.#connections.next({ path, requestPath, socket, transceiver });
    return true;
  }

  /** Stops the server if it is listening, for `using`. */
  [Symbol.dispose](): void {
    if (this.#state.value.listening) void this.stop();
  }

  /** Stops the server if it is listening and waits until its clients are gone, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#state.value.listening) await this.stop();
  }

  #requireStopped(): void {
    if (this.#state.value.listening) {
      throw new WsServerError(
        'ALREADY_LISTENING',
        `already listening on port ${this.#state.value.port}: call stop() first`,
      );
    }
  }

  /** Tracks a client a transceiver took, until it closes. */
  #connected(socket: SignalingSocket, entry: TransceiverEntry): void {
    const { transceiver } = entry;
    this.#handedOver.set(socket, transceiver);
    if (!isAvailable(transceiver)) entry.busyWith = socket;
    this.#cluster?.changed();
    const released = () => {
      this.#handedOver.delete(socket);
      if (entry.busyWith === socket) entry.busyWith = undefined;
      this.#cluster?.changed();
    };
    if (socket instanceof WsSocket) socket.onClose(released);
    else socket.closed$.subscribe(released);
  }

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

  /** A client another node relays here: connected to a local transceiver, no listeners run. */
  #takeRelayed(socket: SignalingSocket, path: string, requestPath: string): boolean {
    if (!this.#state.value.listening || this.#draining) return false;
    const entry = this.#choose(path);
    if (!entry) return false;
    const { transceiver } = entry;
    try {
      transceiver.connect(socket, path);
    } catch (error) {
      this.#report(
        new WsServerError(
          'TRANSCEIVER_THREW',
          `the transceiver for ${path} refused a relayed client: ${describeError(error)}`,
          { cause: error },
        ),
        false,
      );
      return false;
    }
    this.#connected(socket, entry);
    if (this.#connections.observed) {
      this.#connections.next({ path, requestPath, socket, transceiver });
    }
    return true;
  }

  /** The transceivers free now, as the cluster advertises them. */
  #availability(): Availability {
    const paths: Record<string, number> = {};
    let any = 0;
    for (const { transceiver, path, busyWith } of this.#transceivers) {
      if (busyWith !== undefined || !isAvailable(transceiver)) continue;
      if (path === undefined) any += 1;
      else paths[path] = (paths[path] ?? 0) + 1;
    }
    return { paths, any };
  }

  #start(http: Server, owned: boolean, limits: ResolvedLimits): void {
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxPayload,
      perMessageDeflate: false,
      clientTracking: false,
    });
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#upgrade(transport, request, socket, head);
    const onListening = () => this.#publishPort(transport);
    const onError = (error: Error) =>
      this.#report(
        new WsServerError('INVALID_ARGUMENT', `the HTTP server failed: ${error.message}`, {
          cause: error,
        }),
        false,
      );
    http.on('upgrade', onUpgrade);
    http.on('listening', onListening);
    if (owned) http.on('error', onError);
    const transport: Transport = {
      http,
      owned,
      wss,
      limits,
      clients: new Set(),
      counts: new ConnectionCounts(limits.maxConnectionsPerAddress),
      keepalive: undefined,
      detach: () => {
        http.off('upgrade', onUpgrade);
        http.off('listening', onListening);
      },
    };
    if (limits.keepaliveInterval > 0) {
      transport.keepalive = setInterval(() => {
        for (const client of transport.clients) client.ping();
      }, limits.keepaliveInterval);
      transport.keepalive.unref();
    }
    this.#transport = transport;
    this.#publishPort(transport);
    this.#cluster?.join(this.#host);
  }

  /** Listening now; the port once known (an attached server may not be listening yet). */
  #publishPort(transport: Transport): void {
    if (this.#transport !== transport) return;
    const address = transport.http.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    this.#state.next(Object.freeze({ listening: true, port }));
  }

  #upgrade(transport: Transport, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const requestPath = request.url ?? '/';
    const path = pathnameOf(requestPath);
    if (!this.#paths.has(path)) {
      // On a shared server, another handler may take upgrades outside /ws.
      const ours = path === ROOT_PATH || path.startsWith(`${ROOT_PATH}/`);
      if (!transport.owned && !ours && transport.http.listenerCount('upgrade') > 1) return;
      const reason = `path ${JSON.stringify(path)} is not served here: connect to one of ${this.paths.join(', ')}`;
      this.#report(new WsServerError('PATH_NOT_ADDED', `refused a client: ${reason}`), false);
      refuseUpgrade(socket, 404, reason);
      return;
    }
    if (this.#draining) {
      const reason = 'the server is shutting down: connect to another one';
      this.#report(new WsServerError('DRAINING', `refused a client: ${reason}`), false);
      refuseUpgrade(socket, 503, reason);
      return;
    }
    const { limits, counts } = transport;
    let over: string | undefined;
    if (counts.size >= limits.maxConnections) {
      over = `the server has ${limits.maxConnections} clients (maxConnections): try again later`;
    } else {
      const address = counts.addressAtLimit(socket);
      if (address !== undefined)
        over = `${address} has ${limits.maxConnectionsPerAddress} clients here (maxConnectionsPerAddress): close one first`;
    }
    if (over) {
      this.#report(new WsServerError('OVER_LIMIT', `refused a client: ${over}`), false);
      refuseUpgrade(socket, 503, over);
      return;
    }
    counts.add(socket);
    // Released when the TCP connection closes: a WebSocket's close ends it, and a failed
    // handshake never makes a WebSocket. One listener per connection, not one per stage.
    let client: WsSocket | undefined;
    socket.on('close', () => {
      counts.delete(socket);
      if (client) transport.clients.delete(client);
    });
    transport.wss.handleUpgrade(request, socket, head, (ws: WsWebSocket) => {
      client = new WsSocket(ws, limits.maxBufferedAmount);
      if (this.#transport !== transport) {
        client.close(CloseCode.GOING_AWAY, 'the server is stopping');
        return;
      }
      transport.clients.add(client);
      this.handOver(client, requestPath);
    });
  }

  /** The first available transceiver added for `path`, else the first added for any path. */
  #choose(path: string): TransceiverEntry | undefined {
    let anyPath: TransceiverEntry | undefined;
    for (const entry of this.#transceivers) {
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
    code: 'PATH_NOT_ADDED' | 'NO_TRANSCEIVER',
    closeCode: number,
    reason: string,
  ): void {
    this.#report(new WsServerError(code, `refused a client: ${reason}`), false);
    sendRefusal(socket, code, closeCode, reason);
  }

  /** Emits on `errors$`; what user code threw goes to the unhandled path when nobody listens. */
  #report(error: WsServerError, unhandledIfUnobserved: boolean): void {
    if (this.#errors.observed) this.#errors.next(error);
    else if (unhandledIfUnobserved) reportUnhandled(error);
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

function createOwnServer(options: ListenOptions, limits: ResolvedLimits): Server {
  // Node drops a connection whose request headers are not complete within headersTimeout,
  // counted from the moment it connects: silence, garbage and headers held open alike.
  const timeouts = {
    headersTimeout: limits.handshakeTimeout,
    requestTimeout: limits.handshakeTimeout,
    // Node checks the two timeouts above only this often (30 s by default).
    connectionsCheckingInterval: Math.max(
      50,
      Math.min(1000, Math.floor(limits.handshakeTimeout / 2)),
    ),
  };
  let http: Server;
  const { tls } = options;
  if (tls === undefined || tls === false) {
    http = createHttpServer(timeouts);
  } else if (tls === true) {
    http = createHttpsServer({ ...timeouts, ...selfSignedCertificate() });
  } else if (typeof tls === 'object' && tls !== null) {
    const read = (key: 'certificatePemFile' | 'keyPemFile') => {
      try {
        return readFileSync(tls[key]);
      } catch (error) {
        throw new WsServerError(
          'INVALID_ARGUMENT',
          `tls.${key} must name a readable PEM file, got ${JSON.stringify(tls[key])}`,
          { cause: error },
        );
      }
    };
    try {
      http = createHttpsServer({
        ...timeouts,
        cert: read('certificatePemFile'),
        key: read('keyPemFile'),
        ...(tls.keyPemPass !== undefined && { passphrase: tls.keyPemPass }),
      });
    } catch (error) {
      if (error instanceof WsServerError) throw error;
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `the TLS certificate or key cannot be used: ${describeError(error)}`,
        { cause: error },
      );
    }
  } else {
    throw new WsServerError(
      'INVALID_ARGUMENT',
      'tls must be true (a generated certificate), false, or { certificatePemFile, keyPemFile }',
    );
  }
  http.on('request', (request, response) => {
    const path = pathnameOf(request.url ?? '/');
    response.shouldKeepAlive = false;
    response
      .writeHead(path === ROOT_PATH || path.startsWith(`${ROOT_PATH}/`) ? 426 : 404, {
        'content-type': 'text/plain; charset=utf-8',
        connection: 'close',
      })
      .end('this server takes WebSocket connections only\n');
  });
  http.on('clientError', (_error, socket) => socket.destroy());
  return http;
}

/**
 * Stops accepting at once; resolves once every client has closed (dropping those still there
 * after `stopTimeout`) and a server of our own has closed.
 */
function closeAll(transport: Transport, clients: WsSocket[]): Promise<void> {
  const { http, owned } = transport;
  const serverClosed = owned
    ? new Promise<void>((resolve) => http.close(() => resolve()))
    : Promise.resolve();
  if (owned) http.closeIdleConnections();
  const gone = clients.map(
    (client) => new Promise<void>((resolve) => client.closed$.subscribe({ complete: resolve })),
  );
  const late = setTimeout(() => {
    for (const client of clients) client.terminate();
    if (owned) http.closeAllConnections();
  }, transport.limits.stopTimeout);
  late.unref();
  return Promise.all(gone).then(() => {
    transport.wss.close();
    // Connections still in their handshake (or refused and lingering) end now.
    if (owned) http.closeAllConnections();
    return serverClosed.then(() => clearTimeout(late));
  });
}

/** Whether a transceiver can take a client; one whose getter throws cannot. */
function isAvailable(transceiver: SignalingTransceiver): boolean {
  try {
    return transceiver.isAvailable === true;
  } catch {
    return false;
  }
}

function checkPort(port: unknown): void {
  if (typeof port !== 'number' || !Number.isSafeInteger(port) || port < 0 || port > 65535) {
    throw new WsServerError(
      'INVALID_ARGUMENT',
      `port must be a whole number from 0 to 65535 (0 for a free port), got ${String(port)}`,
    );
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
