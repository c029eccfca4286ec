import {
  type LiveObject,
  type NativeWebSocket,
  type RtcError,
  ServerLifetime,
  type ServerLifetimeConfig,
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
 * import type { WebSocketServerConfig } from '@rxdc/core';
 * const config: WebSocketServerConfig = { port: 0, bindAddress: '127.0.0.1', enableTls: true };
 * ```
 */
export interface WebSocketServerConfig extends ServerLifetimeConfig {
  /**
   * What is held for a missing reader: messages per accepted socket (default 16 MiB and 4,096)
   * and accepted sockets not yet taken from `clients$` (default 64). See {@link HoldConfig}.
   */
  hold?: HoldConfig;
}

/**
 * The events of a {@link WebSocketServer}.
 *
 * @example
 * ```ts
 * import type { WebSocketServer } from '@rxdc/core';
 * declare const server: WebSocketServer;
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
 * Not for an exposed port: it is libdatachannel's server, which parses every handshake on one
 * native thread, so one client whose HTTP headers never end stalls every other handshake until
 * `connectionTimeout` (5 s) cuts it (measured under a sustained attack by one such client: 46%
 * of the other clients got through). For anything reachable from a network you do not control,
 * use `@rxdc/ws-server` (Node's http server and `ws`: the same client is dropped in 27 ms).
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
  /** Listening, the client callback's guard, the safe defaults and stop: @rxdc/native's. */
  readonly #server: ServerLifetime;
  readonly #clients = new HeldStream<WebSocket>();
  readonly #errors = new Subject<RtcError>();
  readonly #hold: ResolvedHold;

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
    this.#server = new ServerLifetime(
      nativeSide,
      (native: NativeWebSocket) => {
        const socket = wrapAcceptedWebSocket(native, this.#server.receiveLimit);
        socket.setHoldLimits(this.#hold.messages);
        this.#server.adopt(socket.lifetime);
        // Handed over once open: before the handshake is done its path may not be known yet
        // (always with TLS, now and then without). A socket that never opens is not handed over.
        socket.open$.subscribe({ next: () => this.#holdOrClose(socket), error: () => {} });
      },
      reportUncaughtError,
      () => {
        this.#clients.complete();
        this.#errors.complete();
      },
    );
  }

  /** The port it listens on (the real one when created with port 0); 0 once stopped. */
  get port(): number {
    return this.#server.port;
  }

  /** True once stopped. */
  get isStopped(): boolean {
    return this.#server.isStopped;
  }

  /** Stops listening and closes every accepted connection; `clients$` completes. Idempotent. */
  stop(): void {
    this.#server.stop({ closeAccepted: true });
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
  protected override eventSource(
    event: keyof WebSocketServerEvents,
  ): Observable<unknown> | undefined {
    return event === 'client' ? this.clients$ : undefined;
  }
}
