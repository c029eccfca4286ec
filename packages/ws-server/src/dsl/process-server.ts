import { WsServer } from '../server/ws-server.js';

let server: WsServer | undefined;

/**
 * The process-wide server behind the `dsl_websocket_server_*` functions, created on first use
 * (not listening, port 0, serving `/ws`). Use it to add transceivers, which the C API adds
 * through its pipelines, and to say who may connect: the C API admits every client, as the
 * original library did; a port exposed to browsers adds an `Origin` allow-list and its own
 * check with `setAdmission()` before `dsl_websocket_server_listening_start()`.
 *
 * @example
 * ```ts
 * import { WebRtcTransceiver } from '@rxdc/ws-server';
 * import { dsl_websocket_server } from '@rxdc/ws-server/dsl';
 * dsl_websocket_server().addTransceiver(new WebRtcTransceiver());
 * dsl_websocket_server().setAdmission({ allowedOrigins: ['https://app.example.com'] });
 * ```
 */
export function dsl_websocket_server(): WsServer {
  server ??= new WsServer();
  return server;
}
