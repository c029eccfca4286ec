// Transport: where upgrades come from. A server of our own (listen, TLS) or an app's (attach),
// the `ws` server that completes handshakes, the clients it made, keepalive, and stopping:
// everything about sockets and nothing about who gets in (admission.ts) or where a client
// goes (routing.ts).
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { describeError } from '@rxdc/native';
import { WebSocketServer, type WebSocket as WsWebSocket } from 'ws';
import { WsServerError } from '../errors/ws-server-error.js';
import { CloseCode } from '../protocol/close-codes.js';
import { WsSocket } from '../socket/ws-socket.js';
import type { UpgradeRequest } from './admission.js';
import { ConnectionCounts } from './connection-counts.js';
import { pathnameOf, ROOT_PATH } from './routing.js';
import { selfSignedCertificate } from './self-signed-certificate.js';
import { type ResolvedLimits, resolveLimits, type ServerLimits } from './server-limits.js';

/**
 * The port `listen()` uses when none is given: 60001, the C API's
 * `DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT`.
 *
 * @example
 * ```ts
 * import { DEFAULT_PORT, WsServer } from '@rxdc/ws-server';
 * const server = new WsServer();
 * server.listen(DEFAULT_PORT, { bindAddress: '127.0.0.1' });
 * ```
 */
export const DEFAULT_PORT = 60001;

/**
 * The TLS certificate of a server, as PEM files.
 *
 * @example
 * ```ts
 * const tls: TlsFiles = { certificatePemFile: '/etc/app/cert.pem', keyPemFile: '/etc/app/key.pem' };
 * server.listen(443, { tls });
 * ```
 */
export interface TlsFiles {
  /** The certificate (chain), as a PEM file. */
  readonly certificatePemFile: string;
  /** Its private key, as a PEM file. */
  readonly keyPemFile: string;
  /** The passphrase of the key, if it has one. */
  readonly keyPemPass?: string;
}

/**
 * Options of `listen()`: where to listen, TLS, and the {@link ServerLimits}. Every field is
 * optional.
 *
 * @example
 * ```ts
 * // wss:// on loopback only, with a certificate generated at start.
 * server.listen(0, { bindAddress: '127.0.0.1', tls: true });
 * ```
 */
export interface ListenOptions extends ServerLimits {
  /** Listen on this local address only (`'127.0.0.1'`, `'::1'`); default every interface. */
  readonly bindAddress?: string;
  /**
   * Serve `wss://`: `true` generates a self-signed certificate (ECDSA P-256, for localhost,
   * 127.0.0.1 and ::1) at start, or give PEM files. Default `false` (`ws://`).
   */
  readonly tls?: boolean | TlsFiles;
}

/**
 * Options of `attach()`: the {@link ServerLimits} (`handshakeTimeout` excepted: an attached
 * server keeps its own `headersTimeout` and `requestTimeout`, which Node sets to 60 s and
 * 300 s by default; lower them on your server for clients that never finish their headers).
 *
 * @example
 * ```ts
 * server.attach(httpServer, { maxConnectionsPerAddress: 32 });
 * ```
 */
export type AttachOptions = Omit<ServerLimits, 'handshakeTimeout'>;

/** What a transport tells its server. @internal */
export interface TransportEvents {
  /** An upgrade request arrived. */
  upgrade(transport: Transport, request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** The server started listening (an attached server may start after attach()). */
  listening(transport: Transport): void;
  /** A server of our own failed. */
  error(error: Error): void;
}

/**
 * The HTTP server a WsServer takes upgrades from, and what it tracks on it: the clients it
 * accepted and the TCP connections counted against the limits.
 *
 * @internal
 */
export class Transport {
  readonly http: Server;
  /** Made by `listen()` (closed by `stop()`), or given to `attach()` (left open). */
  readonly owned: boolean;
  readonly limits: ResolvedLimits;
  readonly wss: WebSocketServer;
  readonly clients = new Set<WsSocket>();
  /** TCP connections past the upgrade checks (admitting, handshaking or open), for the limits. */
  readonly counts: ConnectionCounts;
  readonly #detach: () => void;
  /** The 'close' listener of every TCP connection counted (`this` is the socket). */
  readonly #socketClosed: (this: Duplex) => void;
  readonly #clientClosed = (client: WsSocket): void => {
    this.clients.delete(client);
  };
  readonly #keepalive: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  /**
   * A server of our own on `port`, bound before this returns.
   *
   * @throws {@link WsServerError} `INVALID_ARGUMENT` for a wrong port, option or
   * certificate, `BIND_FAILED` when the port is taken.
   */
  static listen(port: unknown, options: ListenOptions, events: TransportEvents): Transport {
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
    if (!bindNow(http, port as number, bindAddress)) {
      throw new WsServerError(
        'BIND_FAILED',
        `cannot listen on port ${port}${bindAddress ? ` of ${bindAddress}` : ''}: it is in use or not allowed; stop what uses it, or listen(0) for a free port`,
      );
    }
    return new Transport(http, true, limits, events);
  }

  /**
   * The upgrades of an app's HTTP(S) server.
   *
   * @throws {@link WsServerError} `INVALID_ARGUMENT` for something that is not an HTTP
   * server, or a wrong limit.
   */
  static attach(httpServer: unknown, options: AttachOptions, events: TransportEvents): Transport {
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
    return new Transport(httpServer as Server, false, resolveLimits(options), events);
  }

  private constructor(
    http: Server,
    owned: boolean,
    limits: ResolvedLimits,
    events: TransportEvents,
  ) {
    this.http = http;
    this.owned = owned;
    this.limits = limits;
    const counts = new ConnectionCounts(limits.maxConnectionsPerAddress);
    this.counts = counts;
    this.#socketClosed = function (this: Duplex) {
      counts.delete(this);
    };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxPayload,
      perMessageDeflate: false,
      clientTracking: false,
    });
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      events.upgrade(this, request, socket, head);
    const onListening = () => events.listening(this);
    http.on('upgrade', onUpgrade);
    http.on('listening', onListening);
    if (owned) http.on('error', (error: Error) => events.error(error));
    this.#detach = () => {
      http.off('upgrade', onUpgrade);
      http.off('listening', onListening);
    };
    if (limits.keepaliveInterval > 0) {
      this.#keepalive = setInterval(() => {
        for (const client of this.clients) client.ping();
      }, limits.keepaliveInterval);
      this.#keepalive.unref();
    }
  }

  /** The port listened on; 0 while an attached server is not listening yet. */
  get port(): number {
    const address = this.http.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Connections counted that are not clients yet (admitting or handshaking). */
  get pending(): number {
    return this.counts.size - this.clients.size;
  }

  /**
   * Counts `socket` against the limits until its TCP connection closes (a refusal or a failed
   * handshake that never makes a WebSocket included). One listener function serves every
   * socket: a closure per connection would be kept for its whole life.
   */
  track(socket: Duplex): void {
    this.counts.add(socket);
    socket.on('close', this.#socketClosed);
  }

  /**
   * Completes the WebSocket handshake and gives the client to `take` (one function for every
   * client: it finds the upgrade request on `client.request`); a client accepted after
   * `stop()` is closed with 1001 instead. Nothing of `request` or `head` is kept.
   */
  accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    facts: UpgradeRequest,
    take: (client: WsSocket) => void,
  ): void {
    this.wss.handleUpgrade(request, socket, head, (ws: WsWebSocket) =>
      this.#accepted(ws, facts, take),
    );
  }

  #accepted(ws: WsWebSocket, facts: UpgradeRequest, take: (client: WsSocket) => void): void {
    const client = new WsSocket(ws, this.limits.maxBufferedAmount, facts);
    if (this.#stopped) {
      client.close(CloseCode.GOING_AWAY, 'the server is stopping');
      return;
    }
    this.clients.add(client);
    // The count is released by the TCP connection's close (track), which `ws` waits for
    // before it emits its own.
    client.onClose(this.#clientClosed);
    take(client);
  }

  /**
   * Stops taking upgrades and closes every client with 1001 at once; resolves once they are
   * gone (dropping those still there after `stopTimeout`) and a server of our own has closed.
   */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#detach();
    if (this.#keepalive) clearInterval(this.#keepalive);
    const clients = [...this.clients];
    for (const client of clients) client.close(CloseCode.GOING_AWAY, 'the server is stopping');
    return closeAll(this, clients);
  }
}

/** A deep accept queue: a burst of clients (every page reconnecting at once) waits in it. */
const backlog = 1024;

type Listen2 = (address: string | null, port: number, addressType: number, backlog: number) => void;

/**
 * Binds `server` to `port` on `host` (every interface when undefined) before returning, so
 * `listen()` can report the real port, or a port in use, at once, as the C-style API's
 * `listening_start` must. Node's public `listen(port, host)` binds one tick later (it resolves
 * the host first); its `_listen2` (kept by Node under that name for code that wraps it) is
 * the step that binds, synchronously. Where a Node lacks it, this falls back to `listen()`,
 * and the port is known once the server emits 'listening'.
 *
 * @returns true when bound (or binding in the background), false when the port is taken or
 * not allowed: the error Node emits next tick is swallowed.
 * @internal
 */
export function bindNow(server: Server, port: number, host: string | undefined): boolean {
  const listen2 = (server as unknown as { _listen2?: Listen2 })._listen2;
  if (typeof listen2 !== 'function') {
    server.listen({ port, host, backlog });
    return true;
  }
  let failed = false;
  const onError = () => {
    failed = true;
  };
  server.once('error', onError);
  listen2.call(server, host ?? null, port, host === undefined ? 4 : isIP(host), backlog);
  if (server.listening && !failed) {
    server.off('error', onError);
    return true;
  }
  return false;
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

function checkPort(port: unknown): void {
  if (typeof port !== 'number' || !Number.isSafeInteger(port) || port < 0 || port > 65535) {
    throw new WsServerError(
      'INVALID_ARGUMENT',
      `port must be a whole number from 0 to 65535 (0 for a free port), got ${String(port)}`,
    );
  }
}
