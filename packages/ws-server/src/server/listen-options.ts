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
 * Options of `listen()`. Every field is optional.
 *
 * @example
 * ```ts
 * // wss:// on loopback only, with a certificate generated at start.
 * server.listen(0, { bindAddress: '127.0.0.1', tls: true });
 * ```
 */
export interface ListenOptions {
  /** Listen on this local address only (`'127.0.0.1'`, `'::1'`); default every interface. */
  readonly bindAddress?: string;
  /**
   * Serve `wss://`: `true` generates a self-signed certificate at start, or give PEM files.
   * Default `false` (`ws://`).
   */
  readonly tls?: boolean | TlsFiles;
  /** Milliseconds a client has to complete its handshake. */
  readonly connectionTimeout?: number;
  /** The largest message accepted, in bytes. */
  readonly maxMessageSize?: number;
}
