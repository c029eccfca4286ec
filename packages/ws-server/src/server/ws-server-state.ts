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
  readonly listening: boolean;
  readonly port: number;
}
