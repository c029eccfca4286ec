import {
  describeValue,
  dropUndefined,
  guarded,
  keepAlive,
  type LiveObject,
  type NativeWebSocket,
  type NativeWebSocketServer,
  NativeWebSocketServerClass,
  nativeMaxMessageSize,
  RtcError,
  receiveLimit,
  requireIpAddress,
  requireWholeNumber,
  settle,
} from '@rxdc/native';
import { type Observable, Subject } from 'rxjs';
import { type WebSocket, wrapAcceptedWebSocket } from '../channel/web-socket.js';
import { type HoldConfig, type ResolvedHold, splitHoldConfig } from '../config/hold-config.js';
import { reportUncaughtError } from '../errors/report-uncaught-error.js';
import { TypedEventEmitter } from '../events/typed-event-emitter.js';
import { HeldStream } from '../streams/held-stream.js';

/**
 * Options of a {@link WebSocketServer} (libdatachannel's `rtcWsServerConfiguration`).
 *
 * @example
 * ```ts
 * const config: WebSocketServerConfig = { port: 0, bindAddress: '127.0.0.1', enableTls: true };
 * ```
 */
export interface WebSocketServerConfig {
  /** The port to listen on; 0 picks a free one (read it back from `port`). Default 8080. */
  port?: number;
  /** Listen on this local address only (for example `'127.0.0.1'`). */
  bindAddress?: string;
  /** Serve `wss://`; without certificate files a self-signed certificate is generated. */
  enableTls?: boolean;
  /** The TLS certificate, as a PEM file. */
  certificatePemFile?: string;
  /** The TLS key, as a PEM file. */
  keyPemFile?: string;
  /** The passphrase of `keyPemFile`. */
  keyPemPass?: string;
  /**
   * Milliseconds a client has to complete its handshake. Default 5,000 (libdatachannel's own
   * default is 30 s): every socket of the process is read by one native thread, and a client
   * whose HTTP headers never end keeps that thread parsing (the parse cost grows faster than
   * the headers) and stalls every other handshake until this timeout cuts it. 0 disables it.
   */
  connectionTimeout?: number;
  /**
   * The largest message an accepted socket receives, in bytes (default 262,144). A larger one
   * is not delivered: `MESSAGE_TOO_LARGE` on that socket's `error$` and `messages$`, and the
   * socket closes.
   */
  maxMessageSize?: number;
  /**
   * What is held for a missing reader: messages per accepted socket (default 16 MiB and 4,096)
   * and accepted sockets not yet taken from `clients$` (default 64). See {@link HoldConfig}.
   */
  hold?: HoldConfig;
}

/**
 * The handshake timeout a {@link WebSocketServer} applies when none is given, in milliseconds.
 *
 * @example
 * ```ts
 * import { DEFAULT_SERVER_CONNECTION_TIMEOUT_MS } from '@rxdc/core';
 * console.log(`handshakes are cut after ${DEFAULT_SERVER_CONNECTION_TIMEOUT_MS} ms`);
 * ```
 */
export const DEFAULT_SERVER_CONNECTION_TIMEOUT_MS = 5000;

/**
 * The largest message an accepted socket takes when `maxMessageSize` is not given, in bytes.
 *
 * @example
 * ```ts
 * import { DEFAULT_SERVER_MAX_MESSAGE_SIZE } from '@rxdc/core';
 * console.log(DEFAULT_SERVER_MAX_MESSAGE_SIZE); // 262144
 * ```
 */
export const DEFAULT_SERVER_MAX_MESSAGE_SIZE = 256 * 1024;

/**
 * The events of a {@link WebSocketServer}.
 *
 * @example
 * ```ts
 * server.on('client', (socket) => socket.on('message', (m) => socket.send(m)));
 * ```
 */
export type WebSocketServerEvents = {
  /** A connection was accepted; connections accepted before the first listener are held for it. */
  client: (socket: WebSocket) => void;
};

/**
 * A WebSocket server whose accepted connections arrive on `clients$` as {@link WebSocket}
 * channels. Connections nobody has taken yet wait for the first subscriber.
 *
 * @example
 * ```ts
 * import { WebSocketServer } from '@rxdc/core';
 * const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
 * server.clients$.subscribe((socket) => {
 *   socket.messages$.subscribe((message) => socket.send(message)); // echo
 * });
 * console.log(`listening on ws://127.0.0.1:${server.port}`);
 * ```
 */
export class WebSocketServer
  extends TypedEventEmitter<WebSocketServerEvents>
  implements LiveObject
{
  /** Always `'WebSocketServer'`: what `liveObjects()` reports for it. */
  readonly kind = 'WebSocketServer' as const;
  readonly #server: NativeWebSocketServer;
  readonly #clients = new HeldStream<WebSocket>();
  readonly #accepted = new Set<WebSocket>();
  readonly #errors = new Subject<RtcError>();
  readonly #hold: ResolvedHold;
  readonly #port: number;
  #stopped = false;
  #receiveLimit = 0;

  /**
   * Each accepted connection not taken yet, then each new one, once its handshake is done (so
   * its `path` and `remoteAddress` are known, also with TLS); completes on `stop()`.
   */
  readonly clients$: Observable<WebSocket> = this.#clients.stream$;

  /**
   * Errors that concern no single call: `HOLD_OVERFLOW` when more accepted sockets wait than
   * `hold.maxHeldObjects` (the newest was closed, not held). Completes on `stop()`.
   */
  readonly error$: Observable<RtcError> = this.#errors.asObservable();

  /**
   * Starts listening at once.
   *
   * @throws {@link RtcError} `BIND_FAILED` when the port is taken, `INVALID_CONFIG` for a
   * wrong option.
   */
  constructor(config: WebSocketServerConfig = {}) {
    super();
    const [nativeSide, hold] = splitHoldConfig(config);
    this.#hold = hold;
    this.#clients.setLimits({
      maxBytes: Number.POSITIVE_INFINITY,
      maxCount: hold.maxObjects,
      isStale: (socket) => socket.isClosed,
    });
    const nativeConfig = checkServerConfig(nativeSide);
    this.#receiveLimit = receiveLimit(config.maxMessageSize);
    try {
      this.#server = new NativeWebSocketServerClass(nativeConfig);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (/bind/i.test(reason)) {
        throw new RtcError(
          'BIND_FAILED',
          `cannot listen on port ${config.port ?? 8080}: ${reason} (is the port in use?)`,
          { cause: error },
        );
      }
      throw new RtcError('INVALID_CONFIG', `cannot start WebSocketServer: ${reason}`, {
        cause: error,
      });
    }
    this.#port = this.#server.port();
    keepAlive(this);
    this.#server.onClient(
      guarded((native: NativeWebSocket) => {
        const socket = wrapAcceptedWebSocket(native, this.#receiveLimit);
        socket.setHoldLimits(this.#hold.messages);
        this.#accepted.add(socket);
        socket.closed$.subscribe(() => this.#accepted.delete(socket));
        // Handed over once open: before the handshake is done its path may not be known yet
        // (always with TLS, now and then without). A socket that never opens is not handed over.
        socket.open$.subscribe({ next: () => this.#holdOrClose(socket), error: () => {} });
      }, reportUncaughtError),
    );
  }

  /** The port it listens on (the real one when created with port 0); 0 once stopped. */
  get port(): number {
    return this.#stopped ? 0 : this.#port;
  }

  /** True once stopped. */
  get isStopped(): boolean {
    return this.#stopped;
  }

  /** Stops listening and closes every accepted connection; `clients$` completes. Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const socket of this.#accepted) socket.close();
    try {
      this.#server.stop();
    } catch {
      // Already stopped natively.
    }
    this.#clients.complete();
    this.#errors.complete();
    settle(this);
  }

  /** Hands over or holds an accepted socket; one past `maxHeldObjects` is closed and reported. */
  #holdOrClose(socket: WebSocket): void {
    if (this.#clients.push(socket)) return;
    socket.close();
    this.#errors.next(
      this.#clients.overflowError('accepted WebSocket of this server', 'the newest was closed'),
    );
  }

  /** Same as {@link WebSocketServer.stop}, so every live object closes the same way. */
  close(): void {
    this.stop();
  }

  /** Stops the server, for `using`. */
  [Symbol.dispose](): void {
    this.stop();
  }

  /** Stops the server, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.stop();
  }

  /** @internal */
  protected override eventSource(_event: keyof WebSocketServerEvents): Observable<unknown> {
    return this.clients$;
  }
}

function checkServerConfig(config: Omit<WebSocketServerConfig, 'hold'>): Record<string, unknown> {
  if (typeof config !== 'object' || config === null) {
    throw new RtcError(
      'INVALID_CONFIG',
      `WebSocketServer config must be an object, got ${describeValue(config)}`,
    );
  }
  if (config.port !== undefined) requireWholeNumber('port', config.port, 0, 65535);
  if (config.bindAddress !== undefined) requireIpAddress('bindAddress', config.bindAddress);
  if (config.connectionTimeout !== undefined)
    requireWholeNumber('connectionTimeout', config.connectionTimeout, 0);
  if (config.maxMessageSize !== undefined)
    requireWholeNumber('maxMessageSize', config.maxMessageSize, 1);
  // Safe defaults: a short handshake timeout bounds what one hostile client can stall.
  config = {
    connectionTimeout: DEFAULT_SERVER_CONNECTION_TIMEOUT_MS,
    maxMessageSize: DEFAULT_SERVER_MAX_MESSAGE_SIZE,
    ...dropUndefined({ ...config }),
  };
  if (config.enableTls !== undefined && typeof config.enableTls !== 'boolean') {
    throw new RtcError('INVALID_CONFIG', 'enableTls must be true or false');
  }
  for (const key of ['certificatePemFile', 'keyPemFile', 'keyPemPass'] as const) {
    if (config[key] !== undefined && typeof config[key] !== 'string') {
      throw new RtcError('INVALID_CONFIG', `${key} must be a string (a file path or passphrase)`);
    }
  }
  // One byte above the receive limit: see @rxdc/native's size check.
  return dropUndefined({
    ...config,
    maxMessageSize: nativeMaxMessageSize(receiveLimit(config.maxMessageSize)),
  });
}
