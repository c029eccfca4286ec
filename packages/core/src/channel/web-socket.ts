import {
  callNative,
  checkStringLimit,
  checkWebSocketUrl,
  describeValue,
  dropUndefined,
  type NativeWebSocket,
  NativeWebSocketClass,
  nativeMaxMessageSize,
  type ProxyServer,
  RtcError,
  receiveLimit,
  refuseUnknownKeys,
  requireWholeNumber,
} from '@rxdc/native';
import { type HoldConfig, splitHoldConfig } from '../config/hold-config.js';
import { Channel } from './channel.js';

/**
 * Options of a WebSocket client (libdatachannel's `rtcWsConfiguration`). Every field is
 * optional; leave out what you do not need.
 *
 * @example
 * ```ts
 * import { WebSocket, type WebSocketConfig } from '@rxdc/core';
 * const config: WebSocketConfig = { protocols: ['chat'], connectionTimeout: 5_000 };
 * const socket = new WebSocket(config);
 * ```
 */
export interface WebSocketConfig {
  /**
   * What is held for a missing reader of `messages$`: `maxHeldBytes` (default 16 MiB) and
   * `maxHeldMessages` (default 4,096); past them the socket closes with `HOLD_OVERFLOW`.
   */
  hold?: HoldConfig;
  /** Accept any server certificate (for self-signed test servers only). */
  disableTlsVerification?: boolean;
  /** Sub-protocols to offer in the handshake. */
  protocols?: string[];
  /** Milliseconds to wait for the connection before failing. */
  connectionTimeout?: number;
  /** Milliseconds between pings (0 for the default, negative to disable). */
  pingInterval?: number;
  /** Pings without a pong before the connection is considered dead. */
  maxOutstandingPings?: number;
  /**
   * The largest message sent or received, in bytes (default 262,144). A larger message received
   * is not delivered: `MESSAGE_TOO_LARGE` on `error$` and `messages$`, and the socket closes.
   */
  maxMessageSize?: number;
  /** A proxy to connect through. */
  proxyServer?: ProxyServer;
  /** A PEM file of certificate authorities to verify the server with. */
  caCertificatePemFile?: string;
  /** A client certificate, as a PEM file. */
  certificatePemFile?: string;
  /** The client certificate's key, as a PEM file. */
  keyPemFile?: string;
  /** The passphrase of `keyPemFile`. */
  keyPemPass?: string;
}

const wrapAccepted = Symbol('wrapAccepted');

/**
 * A WebSocket, as a {@link Channel}: a client you `open(url)`, or a connection accepted by a
 * `WebSocketServer` (from its `clients$`). Text arrives as `string`, binary as `Buffer`.
 *
 * @example
 * ```ts
 * import { WebSocket } from '@rxdc/core';
 * const socket = new WebSocket();
 * socket.open('ws://127.0.0.1:8080/chat');
 * socket.open$.subscribe(() => socket.send('hello'));
 * socket.messages$.subscribe((message) => console.log(message));
 * ```
 */
export class WebSocket extends Channel {
  /** Always `'WebSocket'`: what `liveObjects()` reports for it. */
  get kind(): 'WebSocket' {
    // A getter on the prototype, not a field: one slot less in every channel.
    return 'WebSocket';
  }
  #socket: NativeWebSocket;
  /** The checked native config of a client (a retried connection makes a new native object). */
  readonly #nativeConfig: Record<string, unknown> | undefined;
  readonly #accepted: boolean;
  #opening = false;
  #path: string | undefined;
  #remoteAddress: string | undefined;

  /**
   * Creates a WebSocket client; call {@link WebSocket.open} to connect.
   *
   * @throws {@link RtcError} `INVALID_CONFIG` for a wrong option.
   */
  constructor(config?: WebSocketConfig);
  /** @internal */
  constructor(config: typeof wrapAccepted, accepted: NativeWebSocket, limit: number);
  constructor(
    config: WebSocketConfig | typeof wrapAccepted = {},
    accepted?: NativeWebSocket,
    limit?: number,
  ) {
    const isAccepted = config === wrapAccepted && accepted !== undefined;
    const [nativeSide, hold] =
      config === wrapAccepted ? [config, undefined] : splitHoldConfig(config);
    const receive = isAccepted
      ? (limit as number)
      : receiveLimit((config as WebSocketConfig | undefined)?.maxMessageSize);
    const nativeConfig = isAccepted
      ? undefined
      : callNative('INVALID_CONFIG', 'invalid WebSocket config', () =>
          checkConfig(nativeSide as WebSocketConfig),
        );
    const native = isAccepted
      ? accepted
      : callNative(
          'INVALID_CONFIG',
          'invalid WebSocket config',
          () => new NativeWebSocketClass(nativeConfig as never),
        );
    super(native, 'WebSocket', { accepted: isAccepted, receiveLimit: receive });
    if (hold) this.setHoldLimits(hold.messages);
    this.#socket = native;
    this.#nativeConfig = nativeConfig;
    this.#accepted = config === wrapAccepted;
    // Until open() succeeds, any close (this one's, or shutdown()'s) releases it at once.
    if (!this.#accepted) this.lifetime.neverOpened = true;
    this.open$.subscribe({ next: () => this.#remember(), error: () => {} });
  }

  /** Wraps a connection accepted by a server. @internal */
  static [wrapAccepted](native: NativeWebSocket, limit: number): WebSocket {
    return new WebSocket(wrapAccepted, native, limit);
  }

  /**
   * Connects to a `ws://` or `wss://` URL. Watch `open$` for success and `error$` for failure.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a URL that is not ws:// or wss:// or is longer
   * than 8,192 bytes (`STRING_LIMITS` in @rxdc/native),
   * `INVALID_STATE` if already opened (or accepted by a server), `CLOSED` after close.
   */
  open(url: string): void {
    checkWebSocketUrl(url);
    if (this.isClosed)
      throw new RtcError('CLOSED', 'open() on a closed WebSocket: create a new one');
    if (this.#accepted || this.#opening) {
      throw new RtcError('INVALID_STATE', 'open() can be called once, on a client WebSocket only');
    }
    callNative('INVALID_ARGUMENT', `cannot open "${url}"`, () => this.#socket.open(url));
    // A connection libdatachannel reports failed at once is tried again on a new native object.
    this.lifetime.retryConnectWith(() => {
      const next = new NativeWebSocketClass(this.#nativeConfig as never);
      next.open(url);
      this.#socket = next;
      return next;
    });
    this.#opening = true;
    this.lifetime.neverOpened = false;
  }

  /** The request path (with its query string), once known. Readable after close. */
  get path(): string | undefined {
    if (!this.isClosed) this.#path = this.#socket.path() ?? this.#path;
    return this.#path;
  }

  /** The remote `address:port`, once connected. Readable after close. */
  get remoteAddress(): string | undefined {
    if (!this.isClosed) this.#remoteAddress = this.#socket.remoteAddress() ?? this.#remoteAddress;
    return this.#remoteAddress;
  }

  #remember(): void {
    void this.path;
    void this.remoteAddress;
  }
}

/** Wraps a native WebSocket accepted by a server. @internal */
export function wrapAcceptedWebSocket(native: NativeWebSocket, receiveLimit: number): WebSocket {
  return WebSocket[wrapAccepted](native, receiveLimit);
}

/** Every option of {@link WebSocketConfig}; the compiler keeps the list complete. */
const webSocketKeys = {
  hold: true,
  disableTlsVerification: true,
  protocols: true,
  connectionTimeout: true,
  pingInterval: true,
  maxOutstandingPings: true,
  maxMessageSize: true,
  proxyServer: true,
  caCertificatePemFile: true,
  certificatePemFile: true,
  keyPemFile: true,
  keyPemPass: true,
} as const satisfies Record<keyof WebSocketConfig, true>;

function checkConfig(config: WebSocketConfig): Record<string, unknown> {
  if (typeof config !== 'object' || config === null) {
    throw new RtcError(
      'INVALID_CONFIG',
      `WebSocket config must be an object, got ${describeValue(config)}`,
    );
  }
  refuseUnknownKeys('WebSocket config', config, webSocketKeys);
  for (const key of [
    'connectionTimeout',
    'pingInterval',
    'maxOutstandingPings',
    'maxMessageSize',
  ] as const) {
    if (config[key] !== undefined) requireWholeNumber(`WebSocket ${key}`, config[key], -1);
  }
  if (
    config.protocols !== undefined &&
    !(Array.isArray(config.protocols) && config.protocols.every((p) => typeof p === 'string'))
  ) {
    throw new RtcError('INVALID_CONFIG', 'WebSocket protocols must be an array of strings');
  }
  for (const protocol of config.protocols ?? [])
    checkStringLimit('protocol', protocol, 'INVALID_CONFIG');
  // One byte above the receive limit: see @rxdc/native's size check.
  return dropUndefined({
    ...config,
    maxMessageSize: nativeMaxMessageSize(receiveLimit(config.maxMessageSize)),
  });
}
