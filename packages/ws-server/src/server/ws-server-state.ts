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
