// The server itself: its state, errors and connections, and the three roles it composes:
// admission.ts (who gets in, at the upgrade), routing.ts (which transceiver takes a client,
// local, handed over or relayed) and transport.ts (sockets, TLS, keepalive, stopping).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { reportUnhandled } from '@rxdc/native';
import {
  BehaviorSubject,
  config,
  distinctUntilChanged,
  type Observable,
  Subject,
  type Subscription,
} from 'rxjs';
import { WsServerError } from '../errors/ws-server-error.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';
import type { WsSocket } from '../socket/ws-socket.js';
import type { SignalingTransceiver } from '../transceiver/signaling-transceiver.js';
import {
  Admission,
  type AdmissionOptions,
  overLimit,
  type Refusal,
  RequestFacts,
  refuseUpgrade,
} from './admission.js';
import {
  type AddTransceiverOptions,
  type ClientListener,
  pathnameOf,
  ROOT_PATH,
  Router,
  requireWsPath,
  type WsConnection,
} from './routing.js';
import type { ClusterHost, ServerCluster } from './server-cluster.js';
import {
  type AttachOptions,
  DEFAULT_PORT,
  type ListenOptions,
  Transport,
  type TransportEvents,
} from './transport.js';

/**
 * Options of a {@link WsServer}: who may connect (`allowedOrigins`, `admit`; see
 * {@link AdmissionOptions}) and the cluster. Every field is optional.
 *
 * @example
 * ```ts
 * import { WsServer } from '@rxdc/ws-server';
 * import { ClusterNode } from '@rxdc/ws-server/cluster';
 * const server = new WsServer({ cluster: new ClusterNode({ redis: 'redis://127.0.0.1:6379' }) });
 * ```
 */
export interface WsServerOptions extends AdmissionOptions {
  /**
   * Share transceivers with other servers: a client that no transceiver here takes is relayed
   * to a free one of another node (`ClusterNode` of `@rxdc/ws-server/cluster`, on Redis).
   * Without it the server serves its own transceivers only.
   */
  readonly cluster?: ServerCluster;
}

/**
 * Options of {@link WsServer.drain}.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', () => server.drain({ timeout: 10_000 }));
 * ```
 */
export interface DrainOptions {
  /**
   * Milliseconds the clients connected have to finish before the rest are closed with 1001.
   * Default 30,000.
   */
  readonly timeout?: number;
}

/**
 * Whether a {@link WsServer} is listening, and on which port (0 when not listening). The port
 * is the real one, also when `listen(0)` picked a free port.
 *
 * @example
 * ```ts
 * const { listening, port }: WsServerState = server.state;
 * if (listening) console.log(`ws://127.0.0.1:${port}/ws`);
 * ```
 */
export interface WsServerState {
  /** True between a successful `listen()` and `stop()`. */
  readonly listening: boolean;
  /** The port listened on (the real one after `listen(0)`), or 0 when not listening. */
  readonly port: number;
}

const notListening: WsServerState = Object.freeze({ listening: false, port: 0 });

/**
 * A WebSocket server that hands each incoming connection to a signaling transceiver, the
 * listener-and-path model of the DSL WebSocket Server API, on Node's own `http`/`https` server
 * and the `ws` package.
 *
 * It serves `/ws` and the paths added with {@link WsServer.addPath}; an upgrade request for
 * any other path gets HTTP 404, one over a limit HTTP 503, one from an origin not allowed or
 * refused by the app's admission check its status (`allowedOrigins`, `admit`), before a
 * WebSocket or a peer exists. On each connection it calls every client listener with the path, then hands the
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
  readonly #state = new BehaviorSubject<WsServerState>(notListening);
  readonly #connections = new Subject<WsConnection>();
  readonly #errors = new Subject<WsServerError>();
  #transport: Transport | undefined;
  readonly #cluster: ServerCluster | undefined;
  /** The cluster's errors, reported here while joined. */
  #clusterErrors: Subscription | undefined;
  #draining = false;
  #admission: Admission;
  readonly #router: Router;
  /** What the transport in use tells this server. */
  readonly #events: TransportEvents = {
    upgrade: (transport, request, socket, head) => this.#upgrade(transport, request, socket, head),
    listening: (transport) => this.#publishPort(transport),
    error: (error) =>
      this.#report(
        new WsServerError('INVALID_ARGUMENT', `the HTTP server failed: ${error.message}`, {
          cause: error,
        }),
        false,
      ),
  };
  /** What the cluster sees of this server. */
  readonly #host: ClusterHost = {
    availability: () => this.#router.availability(),
    takeRelayed: (socket, path, requestPath) =>
      this.#router.route(socket, path, requestPath, undefined, 'relayed'),
  };

  /**
   * @param options `cluster`: share transceivers with other servers; `allowedOrigins` and
   * `admit`: who may connect (see {@link WsServerOptions}).
   * @throws {@link WsServerError} `INVALID_ARGUMENT` for a wrong option.
   */
  constructor(options: WsServerOptions = {}) {
    const server = this;
    this.#router = new Router({
      get listening() {
        return server.#state.value.listening;
      },
      get draining() {
        return server.#draining;
      },
      get maxPeers() {
        return server.#transport?.limits.maxPeers ?? Number.POSITIVE_INFINITY;
      },
      get cluster() {
        return server.#cluster;
      },
      report: (error, unhandled) => server.#report(error, unhandled),
      connected: (connection) => {
        if (server.#connections.observed) server.#connections.next(connection);
      },
    });
    if (typeof options !== 'object' || options === null) {
      throw new WsServerError('INVALID_ARGUMENT', 'WsServer options must be an object');
    }
    const { cluster, allowedOrigins, admit } = options;
    this.#admission = new Admission({ allowedOrigins, admit });
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
   * Problems that have no caller to throw to: clients refused (`PATH_NOT_ADDED`, `ORIGIN_REFUSED`, `ADMISSION_REFUSED`, `ADMISSION_FAILED`,
   * `LIMIT_EXCEEDED`, `NO_TRANSCEIVER`, `TRANSCEIVER_THREW`, `DRAINING`) and listeners that threw
   * (`LISTENER_THREW`; when nobody subscribes here, these go to RxJS's unhandled-error path
   * instead), and, while it is joined, its cluster's (`CLUSTER_UNAVAILABLE`,
   * `CLUSTER_DATA_INVALID`).
   */
  readonly errors$: Observable<WsServerError> = this.#errors.asObservable();

  /** Whether the server is listening (or attached), and on which port (0 when not). */
  get state(): WsServerState {
    return this.#state.value;
  }

  /** The paths served: `/ws` and every path added. */
  get paths(): readonly string[] {
    return [...this.#router.paths];
  }

  /** The transceivers added, in the order they are offered connections. */
  get transceivers(): readonly SignalingTransceiver[] {
    return this.#router.transceivers;
  }

  /** Clients connected now (handed to a transceiver or not yet closed after a refusal). */
  get clientCount(): number {
    return this.#transport?.clients.size ?? 0;
  }

  /**
   * Sets who may connect (replacing what the constructor or an earlier call set): an `Origin`
   * allow-list and the app's own check, run at each upgrade before a WebSocket or a peer
   * exists. Takes effect for the next upgrade request. This is how code that uses the
   * process-wide server of `@rxdc/ws-server/dsl` adds a check: call it on
   * `dsl_websocket_server()` before `dsl_websocket_server_listening_start()`.
   *
   * @example
   * ```ts
   * server.setAdmission({
   *   allowedOrigins: ['https://app.example.com'],
   *   admit: (request) => request.cookies.session !== undefined || { status: 401, reason: 'log in first' },
   * });
   * ```
   * @throws {@link WsServerError} `INVALID_ARGUMENT` for a wrong option.
   */
  setAdmission(options: AdmissionOptions): void {
    if (typeof options !== 'object' || options === null) {
      throw new WsServerError('INVALID_ARGUMENT', 'setAdmission() takes { allowedOrigins, admit }');
    }
    this.#admission = new Admission(options);
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
    this.#router.paths.add(checked);
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
    this.#start(Transport.listen(port, options, this.#events));
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
    this.#start(Transport.attach(httpServer, options, this.#events));
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
    const closed = transport.stop();
    this.#router.disconnectAll();
    this.#state.next(notListening);
    this.#clusterErrors?.unsubscribe();
    this.#clusterErrors = undefined;
    const left = this.#cluster?.leave() ?? Promise.resolve();
    return Promise.all([closed, left]).then(() => {});
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
      (transport.clients.size > 0 || this.#router.handedOver.size > 0) &&
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
    this.#router.listeners.add(listener, clientData);
  }

  /**
   * Removes a client listener.
   *
   * @throws {@link WsServerError} `LISTENER_NOT_FOUND` if it was never added.
   */
  removeClientListener<T>(listener: ClientListener<T>): void {
    this.#router.listeners.remove(listener);
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
    this.#router.add(transceiver, options);
  }

  /**
   * Stops offering connections to `transceiver`. A client it is connected to stays connected;
   * call the transceiver's `disconnect()` to end that too.
   *
   * @throws {@link WsServerError} `TRANSCEIVER_NOT_FOUND` if it was never added.
   */
  removeTransceiver(transceiver: SignalingTransceiver): void {
    this.#router.remove(transceiver);
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
    if (typeof requestPath !== 'string') {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `handOver() takes the request path as a string ('/ws/chat?room=2'), got ${typeof requestPath}`,
      );
    }
    return this.#router.route(socket, pathnameOf(requestPath), requestPath, undefined, 'local');
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

  #start(transport: Transport): void {
    this.#transport = transport;
    this.#publishPort(transport);
    this.#clusterErrors ??= this.#cluster?.errors$?.subscribe((error) =>
      this.#report(error, false),
    );
    this.#cluster?.join(this.#host);
  }

  /** Listening now; the port once known (an attached server may not be listening yet). */
  #publishPort(transport: Transport): void {
    if (this.#transport !== transport) return;
    this.#state.next(Object.freeze({ listening: true, port: transport.port }));
  }

  #upgrade(transport: Transport, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // The request path is parsed here once; routing gets the path as it is.
    const requestPath = request.url ?? '/';
    const path = pathnameOf(requestPath);
    if (!this.#router.paths.has(path)) {
      // On a shared server, another handler may take upgrades outside /ws.
      const ours = path === ROOT_PATH || path.startsWith(`${ROOT_PATH}/`);
      if (!transport.owned && !ours && transport.http.listenerCount('upgrade') > 1) return;
      const reason = `path ${JSON.stringify(path)} is not served here: connect to one of ${this.paths.join(', ')}`;
      this.#refuseUpgrade(socket, { code: 'PATH_NOT_ADDED', status: 404, reason });
      return;
    }
    if (this.#draining) {
      const reason = 'the server is shutting down: connect to another one';
      this.#refuseUpgrade(socket, { code: 'DRAINING', status: 503, reason });
      return;
    }
    const { limits } = transport;
    // Peers now, and those on their way to one (admitting or handshaking).
    const peers = this.#router.handedOver.size + transport.pending;
    const over = overLimit(transport.counts, limits, peers, socket);
    if (over) {
      this.#refuseUpgrade(socket, over);
      return;
    }
    // Counted until the TCP connection closes (a refusal or a failed handshake never makes a
    // WebSocket, and a WebSocket closes only once its TCP connection has).
    transport.track(socket);
    const facts = new RequestFacts(request, requestPath, path);
    if (!this.#admission.active) {
      transport.accept(request, socket, head, facts, this.#take);
      return;
    }
    const accept = () => transport.accept(request, socket, head, facts, this.#take);
    const decided = this.#admission.decide(facts);
    if (!(decided instanceof Promise)) {
      if (decided) this.#refuseUpgrade(socket, decided);
      else accept();
      return;
    }
    // An async check: other clients are served meanwhile. One that never answers must not
    // hold the connection (and its place under the limits) for ever.
    const late = setTimeout(() => {
      this.#refuseUpgrade(socket, {
        code: 'ADMISSION_FAILED',
        status: 503,
        reason: `the admission check did not answer within ${limits.handshakeTimeout} ms`,
      });
    }, limits.handshakeTimeout);
    late.unref();
    decided.then((refusal) => {
      clearTimeout(late);
      if (socket.destroyed || !socket.writable) return; // gone, or refused as too late
      if (this.#transport !== transport) {
        refuseUpgrade(socket, 503, 'the server is stopping');
        return;
      }
      if (refusal) this.#refuseUpgrade(socket, refusal);
      else accept();
    });
  }

  /**
   * Routes a client this server accepted: one function for every client (its upgrade request
   * is on `client.request`), since what a transport keeps per client lives as long as it does.
   */
  readonly #take = (client: WsSocket): void => {
    const facts = client.request as RequestFacts;
    this.#router.route(client, facts.path, facts.url, facts, 'local');
  };

  /** Answers an upgrade request with its HTTP status and reports why. */
  #refuseUpgrade(
    socket: Duplex,
    refusal: Omit<Refusal, 'code'> & {
      readonly code: Refusal['code'] | 'PATH_NOT_ADDED' | 'DRAINING' | 'LIMIT_EXCEEDED';
    },
  ): void {
    this.#report(
      new WsServerError(
        refusal.code,
        `refused a client (HTTP ${refusal.status}): ${refusal.reason}`,
        {
          cause: refusal.cause,
        },
      ),
      // What the app's check threw is a bug to see, as a listener's is.
      refusal.code === 'ADMISSION_FAILED' && refusal.cause !== undefined,
    );
    refuseUpgrade(socket, refusal.status, refusal.reason);
  }

  /** Emits on `errors$`; what user code threw goes to the unhandled path when nobody listens. */
  #report(error: WsServerError, unhandledIfUnobserved: boolean): void {
    if (this.#errors.observed) this.#errors.next(error);
    else if (unhandledIfUnobserved) reportUnhandled(error, config.onUnhandledError);
  }
}
