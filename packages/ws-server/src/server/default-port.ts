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
