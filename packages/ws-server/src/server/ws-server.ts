import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { RtcError, type WebSocket, WebSocketServer, type WebSocketServerConfig } from '@rxdc/core';
import {
  BehaviorSubject,
  distinctUntilChanged,
  type Observable,
  Subject,
  type Subscription,
} from 'rxjs';
import { reportUnhandled } from '../errors/report-unhandled.js';
import { WsServerError } from '../errors/ws-server-error.js';
import { ListenerRegistry } from '../listeners/listener-registry.js';
import type { SignalingTransceiver } from '../transceiver/signaling-transceiver.js';
import type { ClientListener } from './client-listener.js';
import { DEFAULT_PORT } from './default-port.js';
import type { ListenOptions } from './listen-options.js';
import { refuseSocket } from './refuse-socket.js';
import type { WsConnection } from './ws-connection.js';
import { pathnameOf, ROOT_PATH, requireWsPath } from './ws-path.js';
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

/**
 * A WebSocket server that hands each incoming connection to a signaling transceiver, the
 * listener-and-path model of the DSL WebSocket Server API.
 *
 * It serves `/ws` and the paths added with {@link WsServer.addPath} (before listening);
 * clients of any other path are refused. On each connection it calls every client listener
 * with the path, then hands the socket to the first available transceiver, preferring one
 * registered for that path; if none is available the client is refused with a reason it can
 * read. Several servers can run in one process.
 *
 * @example
 * ```ts
 * import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
 *
 * const server = new WsServer();
 * server.addPath('/ws/chat');
 * server.addClientListener((path) => {
 *   // One transceiver per client, created on demand.
 *   server.addTransceiver(new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } }), { path });
 * });
 * const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
 * console.log(`ws://127.0.0.1:${port}/ws/chat`);
 * // later
 * server.stop();
 * ```
 */
export class WsServer {
  readonly #paths = new Set<string>([ROOT_PATH]);
  readonly #listeners = new ListenerRegistry<ClientListener>('client listener', {
    added: 'LISTENER_ALREADY_ADDED',
    notFound: 'LISTENER_NOT_FOUND',
  });
  readonly #transceivers: Array<{ transceiver: SignalingTransceiver; path: string | undefined }> =
    [];
  readonly #state = new BehaviorSubject<WsServerState>(notListening);
  readonly #connections = new Subject<WsConnection>();
  readonly #errors = new Subject<WsServerError>();
  readonly #waiting = new Set<WebSocket>();
  readonly #handedOver = new Map<WebSocket, SignalingTransceiver>();
  #server: WebSocketServer | undefined;
  #accepting: Subscription | undefined;

  /** `{ listening, port }` now, then each change. Never completes. */
  readonly state$: Observable<WsServerState> = this.#state.pipe(
    distinctUntilChanged((a, b) => a.listening === b.listening && a.port === b.port),
  );

  /** Each connection handed to a transceiver: path, request path, socket and transceiver. */
  readonly connections$: Observable<WsConnection> = this.#connections.asObservable();

  /**
   * Problems that have no caller to throw to: clients refused (`PATH_NOT_ADDED`,
   * `NO_TRANSCEIVER`, `TRANSCEIVER_THREW`) and listeners that threw (`LISTENER_THREW`; when
   * nobody subscribes here, these go to RxJS's unhandled-error path instead).
   */
  readonly errors$: Observable<WsServerError> = this.#errors.asObservable();

  /** Whether the server is listening, and on which port (0 when not). */
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
   * Starts listening, by default on port 60001 and every interface. Pass port 0 for a free
   * port; the port really used is in the returned state.
   *
   * @throws {@link WsServerError} `ALREADY_LISTENING`, `BIND_FAILED` when the port is taken
   * (the server stays not listening), `INVALID_ARGUMENT` for a wrong port or option.
   */
  listen(port: number = DEFAULT_PORT, options: ListenOptions = {}): WsServerState {
    if (this.#state.value.listening) {
      throw new WsServerError(
        'ALREADY_LISTENING',
        `already listening on port ${this.#state.value.port}: call stop() first`,
      );
    }
    const config = toCoreConfig(port, options);
    let server: WebSocketServer;
    try {
      server = new WebSocketServer(config);
    } catch (error) {
      if (error instanceof RtcError && error.code === 'BIND_FAILED') {
        throw new WsServerError(
          'BIND_FAILED',
          `cannot listen on port ${port}${options.bindAddress ? ` of ${options.bindAddress}` : ''}: it is in use or not allowed; stop what uses it, or listen(0) for a free port`,
          { cause: error },
        );
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new WsServerError('INVALID_ARGUMENT', `cannot start listening: ${reason}`, {
        cause: error,
      });
    }
    this.#server = server;
    this.#accepting = server.clients$.subscribe((socket) => this.#accept(socket));
    this.#state.next(Object.freeze({ listening: true, port: server.port }));
    return this.#state.value;
  }

  /**
   * Stops listening. Every connected transceiver is disconnected (and notifies its own
   * listeners), every other client is closed. The server can listen again afterwards.
   *
   * @throws {@link WsServerError} `NOT_LISTENING` when not listening.
   */
  stop(): void {
    const server = this.#server;
    if (!server || !this.#state.value.listening) {
      throw new WsServerError('NOT_LISTENING', 'stop() while not listening: call listen() first');
    }
    this.#server = undefined;
    this.#accepting?.unsubscribe();
    this.#accepting = undefined;
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
    for (const socket of [...this.#waiting, ...this.#handedOver.keys()]) socket.close();
    this.#waiting.clear();
    this.#handedOver.clear();
    server.stop();
    this.#state.next(notListening);
  }

  /**
   * Adds a function called with the path of every incoming connection (and `clientData`),
   * before a transceiver is chosen. Listeners are called in the order added; one that throws
   * is reported on `errors$` and does not stop the others. Works listening or not.
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
    if (this.#transceivers.some((entry) => entry.transceiver === transceiver)) {
      throw new WsServerError(
        'TRANSCEIVER_ALREADY_ADDED',
        'this transceiver was already added to this server',
      );
    }
    const path =
      options.path === undefined || options.path === ROOT_PATH
        ? options.path
        : requireWsPath(options.path);
    this.#transceivers.push({ transceiver, path });
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
  }

  /** Stops the server if it is listening, for `using`. */
  [Symbol.dispose](): void {
    if (this.#state.value.listening) this.stop();
  }

  #accept(socket: WebSocket): void {
    this.#waiting.add(socket);
    // The path of a TLS client is known only once its socket is open: wait for it either way.
    socket.open$.subscribe({
      next: () => {
        this.#waiting.delete(socket);
        if (this.#server) this.#handOver(socket);
        else socket.close();
      },
      error: () => this.#waiting.delete(socket),
      complete: () => this.#waiting.delete(socket),
    });
  }

  #handOver(socket: WebSocket): void {
    const requestPath = socket.path ?? '/';
    const path = pathnameOf(requestPath);
    if (!this.#paths.has(path)) {
      this.#refuse(
        socket,
        'PATH_NOT_ADDED',
        `path ${JSON.stringify(path)} is not served here: connect to one of ${this.paths.join(', ')}`,
      );
      return;
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
    if (!this.#server || socket.isClosed) {
      socket.close();
      return;
    }
    const transceiver = this.#choose(path);
    if (!transceiver) {
      this.#refuse(
        socket,
        'NO_TRANSCEIVER',
        `no transceiver is available for ${path}: try again later`,
      );
      return;
    }
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
      refuseSocket(
        socket,
        'TRANSCEIVER_THREW',
        `the transceiver for ${path} could not take the connection`,
      );
      return;
    }
    this.#handedOver.set(socket, transceiver);
    socket.closed$.subscribe(() => this.#handedOver.delete(socket));
    this.#connections.next({ path, requestPath, socket, transceiver });
  }

  #choose(path: string): SignalingTransceiver | undefined {
    const available = (entry: { transceiver: SignalingTransceiver }) => {
      try {
        return entry.transceiver.isAvailable === true;
      } catch {
        return false;
      }
    };
    return (
      this.#transceivers.find((entry) => entry.path === path && available(entry)) ??
      this.#transceivers.find((entry) => entry.path === undefined && available(entry))
    )?.transceiver;
  }

  #refuse(socket: WebSocket, code: 'PATH_NOT_ADDED' | 'NO_TRANSCEIVER', reason: string): void {
    this.#report(new WsServerError(code, `refused a client: ${reason}`), false);
    refuseSocket(socket, code, reason);
  }

  /** Emits on `errors$`; what user code threw goes to the unhandled path when nobody listens. */
  #report(error: WsServerError, unhandledIfUnobserved: boolean): void {
    if (this.#errors.observed) this.#errors.next(error);
    else if (unhandledIfUnobserved) reportUnhandled(error);
  }
}

function toCoreConfig(port: number, options: ListenOptions): WebSocketServerConfig {
  if (typeof port !== 'number' || !Number.isSafeInteger(port) || port < 0 || port > 65535) {
    throw new WsServerError(
      'INVALID_ARGUMENT',
      `port must be a whole number from 0 to 65535 (0 for a free port), got ${String(port)}`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new WsServerError('INVALID_ARGUMENT', 'listen() options must be an object');
  }
  const { bindAddress, tls, connectionTimeout, maxMessageSize } = options;
  const config: WebSocketServerConfig = { port };
  if (bindAddress !== undefined) {
    if (typeof bindAddress !== 'string' || isIP(bindAddress) === 0) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `bindAddress must be an IP address such as '127.0.0.1', got ${JSON.stringify(bindAddress)}`,
      );
    }
    config.bindAddress = bindAddress;
  }
  if (connectionTimeout !== undefined) config.connectionTimeout = connectionTimeout;
  if (maxMessageSize !== undefined) config.maxMessageSize = maxMessageSize;
  if (tls === true) {
    config.enableTls = true;
  } else if (typeof tls === 'object' && tls !== null) {
    for (const key of ['certificatePemFile', 'keyPemFile'] as const) {
      if (typeof tls[key] !== 'string' || !existsSync(tls[key])) {
        throw new WsServerError(
          'INVALID_ARGUMENT',
          `tls.${key} must name an existing PEM file, got ${JSON.stringify(tls[key])}`,
        );
      }
    }
    config.enableTls = true;
    config.certificatePemFile = tls.certificatePemFile;
    config.keyPemFile = tls.keyPemFile;
    if (tls.keyPemPass !== undefined) config.keyPemPass = tls.keyPemPass;
  } else if (tls !== undefined && tls !== false) {
    throw new WsServerError(
      'INVALID_ARGUMENT',
      'tls must be true (a generated certificate), false, or { certificatePemFile, keyPemFile }',
    );
  }
  return config;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
