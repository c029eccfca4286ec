import type { NativeWebSocket, NativeWebSocketServer } from '../binding.js';
import { NativeWebSocketServerClass } from '../binding.js';
import { dropUndefined, requireIpAddress, requireWholeNumber } from '../config/checks.js';
import { refuseUnknownKeys } from '../config/known-keys.js';
import { describeError } from '../errors/describe-error.js';
import { describeValue } from '../errors/describe-value.js';
import { guarded, type ThrowReporter } from '../errors/guarded.js';
import { RtcError } from '../errors/rtc-error.js';
import { nativeMaxMessageSize, receiveLimit } from '../messages/size-check.js';
import { ChannelLifetime, NO_CHANNEL_CALLBACKS } from './channel-lifetime.js';
import type { LiveObject } from './process-store.js';
import { keepAlive, settle } from './registry.js';

/**
 * The handshake timeout a WebSocket server gets when none is given, in milliseconds, for every
 * face (core's `WebSocketServer`, capi-compat's `rtcCreateWebSocketServer`). libdatachannel's
 * own default is 30 s: every socket of the process is read by one native thread, and a client
 * whose HTTP headers never end keeps that thread parsing (the parse cost grows faster than the
 * headers) and stalls every other handshake until the timeout cuts it. A port of C code that
 * wants libdatachannel's 30 s sets `connectionTimeout: 30_000` (C: `connectionTimeoutMs =
 * 30000`) explicitly.
 *
 * @example
 * ```ts
 * import { DEFAULT_SERVER_CONNECTION_TIMEOUT_MS } from '@rxdc/native';
 * console.log(`handshakes are cut after ${DEFAULT_SERVER_CONNECTION_TIMEOUT_MS} ms`);
 * ```
 */
export const DEFAULT_SERVER_CONNECTION_TIMEOUT_MS = 5000;

/**
 * The largest message an accepted socket receives when no `maxMessageSize` is given (256 KiB).
 *
 * @example
 * ```ts
 * import { DEFAULT_SERVER_MAX_MESSAGE_SIZE } from '@rxdc/native';
 * console.log(DEFAULT_SERVER_MAX_MESSAGE_SIZE); // 262144
 * ```
 */
export const DEFAULT_SERVER_MAX_MESSAGE_SIZE = 256 * 1024;

/**
 * How a {@link ServerLifetime} listens.
 *
 * @example
 * ```ts
 * import type { ServerLifetimeConfig } from '@rxdc/native';
 * const config: ServerLifetimeConfig = { port: 0, bindAddress: '127.0.0.1' };
 * ```
 */
export interface ServerLifetimeConfig {
  /** The port to listen on; 0 picks a free one. Default 8080 (libdatachannel's). */
  readonly port?: number;
  /** Listen on this local address only (for example `'127.0.0.1'`). */
  readonly bindAddress?: string;
  /** Serve `wss://`; without certificate files a self-signed certificate is generated. */
  readonly enableTls?: boolean;
  /** The TLS certificate, as a PEM file. */
  readonly certificatePemFile?: string;
  /** The TLS key, as a PEM file. */
  readonly keyPemFile?: string;
  /** The passphrase of `keyPemFile`. */
  readonly keyPemPass?: string;
  /**
   * Milliseconds a client has to complete its handshake; 0 disables the timeout. Default
   * {@link DEFAULT_SERVER_CONNECTION_TIMEOUT_MS} (5 s, not libdatachannel's 30 s).
   */
  readonly connectionTimeout?: number;
  /** The largest message an accepted socket receives, in bytes. Default 262,144. */
  readonly maxMessageSize?: number;
}

/**
 * The one owner of a native WebSocketServer, for every face: it checks the config and applies
 * the safe defaults (see {@link DEFAULT_SERVER_CONNECTION_TIMEOUT_MS}; accepted sockets run one
 * byte above their receive limit, see {@link nativeMaxMessageSize}), turns a refused bind into
 * `BIND_FAILED`, keeps the server alive in the process registry until it stops, calls the
 * face's client callback guarded (nothing it throws reaches native code), and closes a client
 * that arrives after the stop instead of handing it over. `stop` settles the server; with
 * `closeAccepted` it also closes every accepted socket tied to it ({@link ServerLifetime.adopt}),
 * without it they stay open (C semantics: a client is closed by its own id).
 *
 * @example
 * ```ts
 * import { ServerLifetime } from '@rxdc/native';
 * const server = new ServerLifetime({ port: 0, bindAddress: '127.0.0.1' }, (native) => native.close(), console.error);
 * console.log('listening on', server.port);
 * server.stop({ closeAccepted: true });
 * ```
 */
export class ServerLifetime implements LiveObject {
  /** Always `'WebSocketServer'`. */
  readonly kind = 'WebSocketServer' as const;
  /** The native server. */
  readonly native: NativeWebSocketServer;
  /** The largest message an accepted socket delivers (see {@link receiveLimit}). */
  readonly receiveLimit: number;
  readonly #port: number;
  readonly #accepted = new Set<ChannelLifetime>();
  readonly #onStop: (() => void) | undefined;
  #stopped = false;

  /**
   * Starts listening at once; `onClient` gets each accepted native socket (install its
   * {@link ChannelLifetime} with `accepted: true` and `receiveLimit` from this lifetime);
   * `onStop` runs once, when the server stops (by `stop`, or by the registry's `closeEverything`).
   *
   * @throws {@link RtcError} `INVALID_CONFIG` for a wrong option, `BIND_FAILED` when the port
   * is taken or not allowed.
   */
  constructor(
    config: ServerLifetimeConfig,
    onClient: (native: NativeWebSocket) => void,
    report: ThrowReporter,
    onStop?: () => void,
  ) {
    this.#onStop = onStop;
    const nativeConfig = checkServerConfig(config);
    this.receiveLimit = receiveLimit(config.maxMessageSize);
    try {
      this.native = new NativeWebSocketServerClass(nativeConfig as never);
    } catch (error) {
      const reason = describeError(error);
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
    this.#port = this.native.port();
    keepAlive(this);
    this.native.onClient(
      guarded((client: NativeWebSocket) => {
        if (this.#stopped) {
          // Nobody can take it any more: closed, and released when node-datachannel confirms
          // it (or, if that confirmation is lost, after the channel's grace period).
          new ChannelLifetime('WebSocket', client, NO_CHANNEL_CALLBACKS, {
            report,
            accepted: true,
          }).close();
          return;
        }
        onClient(client);
      }, report),
    );
  }

  /** The port it listens on (the real one when configured with port 0); 0 once stopped. */
  get port(): number {
    return this.#stopped ? 0 : this.#port;
  }

  /** True once stopped. */
  get isStopped(): boolean {
    return this.#stopped;
  }

  /** Ties an accepted socket to this server: `stop({ closeAccepted: true })` closes it. */
  adopt(socket: ChannelLifetime): void {
    this.#accepted.add(socket);
    socket.onFinished(() => this.#accepted.delete(socket));
  }

  /**
   * Stops listening and settles the server in the registry; with `closeAccepted`, every
   * adopted socket is closed too. Idempotent.
   */
  stop(options: { closeAccepted?: boolean } = {}): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (options.closeAccepted) for (const socket of [...this.#accepted]) socket.close();
    this.#accepted.clear();
    try {
      this.native.stop();
    } catch {
      // Already stopped natively: stopping is still final here.
    }
    settle(this);
    this.#onStop?.();
  }

  /** Same as {@link ServerLifetime.stop} without closing accepted sockets (the registry's close). */
  close(): void {
    this.stop();
  }
}

/**
 * Checks a server config and returns what node-datachannel gets, with the safe defaults.
 *
 * @throws {@link RtcError} `INVALID_CONFIG`.
 */
/** Every option of {@link ServerLifetimeConfig}; the compiler keeps the list complete. */
const serverConfigKeys = {
  port: true,
  bindAddress: true,
  enableTls: true,
  certificatePemFile: true,
  keyPemFile: true,
  keyPemPass: true,
  connectionTimeout: true,
  maxMessageSize: true,
} as const satisfies Record<keyof ServerLifetimeConfig, true>;

function checkServerConfig(config: ServerLifetimeConfig): Record<string, unknown> {
  if (typeof config !== 'object' || config === null) {
    throw new RtcError(
      'INVALID_CONFIG',
      `WebSocketServer config must be an object, got ${describeValue(config)}`,
    );
  }
  refuseUnknownKeys('WebSocketServer config', config, serverConfigKeys);
  if (config.port !== undefined) requireWholeNumber('port', config.port, 0, 65535);
  if (config.bindAddress !== undefined) requireIpAddress('bindAddress', config.bindAddress);
  if (config.connectionTimeout !== undefined)
    requireWholeNumber('connectionTimeout', config.connectionTimeout, 0);
  if (config.maxMessageSize !== undefined)
    requireWholeNumber('maxMessageSize', config.maxMessageSize, 1);
  if (config.enableTls !== undefined && typeof config.enableTls !== 'boolean') {
    throw new RtcError('INVALID_CONFIG', 'enableTls must be true or false');
  }
  for (const key of ['certificatePemFile', 'keyPemFile', 'keyPemPass'] as const) {
    if (config[key] !== undefined && typeof config[key] !== 'string') {
      throw new RtcError('INVALID_CONFIG', `${key} must be a string (a file path or passphrase)`);
    }
  }
  const withDefaults = {
    connectionTimeout: DEFAULT_SERVER_CONNECTION_TIMEOUT_MS,
    maxMessageSize: DEFAULT_SERVER_MAX_MESSAGE_SIZE,
    ...dropUndefined({ ...config }),
  };
  // One byte above the receive limit: see the size check.
  return dropUndefined({
    ...withDefaults,
    maxMessageSize: nativeMaxMessageSize(receiveLimit(withDefaults.maxMessageSize)),
  });
}
