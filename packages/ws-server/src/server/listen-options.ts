import type { ServerLimits } from './server-limits.js';

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
