import { WsServerError } from '../errors/ws-server-error.js';
import type { ListenOptions } from '../server/transport.js';
import { dsl_websocket_server } from './process-server.js';
import {
  DSL_RESULT_INVALID_INPUT_PARAM,
  DSL_RESULT_SUCCESS,
  DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_THREW_EXCEPTION,
  type DslReturnType,
} from './result-codes.js';

/**
 * A client listener of the C API, `dsl_websocket_server_client_listener_cb`: called with the
 * path of each incoming connection and the `client_data` given on add, before a transceiver
 * is chosen.
 *
 * @example
 * ```ts
 * const client_listener_cb: dsl_websocket_server_client_listener_cb = (path, client_data) => {
 *   console.log('incoming connection on', path);
 * };
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: client data is opaque, as the C API's void*
export type dsl_websocket_server_client_listener_cb = (path: string, client_data: any) => void;

/** Runs a call on the process-wide server and maps what it throws to a result code. */
function resultOf(call: () => void, failed: DslReturnType): DslReturnType {
  try {
    call();
    return DSL_RESULT_SUCCESS;
  } catch (error) {
    if (error instanceof WsServerError)
      return error.code === 'INVALID_ARGUMENT' ? DSL_RESULT_INVALID_INPUT_PARAM : failed;
    return DSL_RESULT_WEBSOCKET_SERVER_THREW_EXCEPTION;
  }
}

/**
 * Adds a path to the WebSocket Server, which must not be listening. The path must start with
 * `/ws/`. Adding a path twice succeeds.
 *
 * @returns `DSL_RESULT_SUCCESS`; `DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED` while listening or
 * for a path not under `/ws/`; `DSL_RESULT_INVALID_INPUT_PARAM` for a null path.
 * @example
 * ```ts
 * const retval = dsl_websocket_server_path_add('/ws/pipeline-1');
 * ```
 */
export function dsl_websocket_server_path_add(path: string): DslReturnType {
  if (typeof path !== 'string') return DSL_RESULT_INVALID_INPUT_PARAM;
  return resultOf(
    () => dsl_websocket_server().addPath(path),
    DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
  );
}

/**
 * Starts the WebSocket Server listening on `port_number` (0 picks a free port; read it back
 * with {@link dsl_websocket_server_listening_state_get}). Listens on every interface unless
 * `options.bindAddress` says otherwise; `options.tls` serves `wss://`.
 *
 * @returns `DSL_RESULT_SUCCESS`; `DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED` if already listening
 * or the port cannot be bound (the server stays not listening);
 * `DSL_RESULT_INVALID_INPUT_PARAM` for a port that is not a whole number from 0 to 65535.
 * @example
 * ```ts
 * const retval = dsl_websocket_server_listening_start(DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT);
 * ```
 */
export function dsl_websocket_server_listening_start(
  port_number: number,
  options?: ListenOptions,
): DslReturnType {
  return resultOf(
    () => dsl_websocket_server().listen(port_number, options),
    DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
  );
}

/**
 * Stops the WebSocket Server. Each connected transceiver is disconnected and notifies its
 * client listeners. Listening can start again afterwards.
 *
 * @returns `DSL_RESULT_SUCCESS`; `DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED` if not listening.
 * @example
 * ```ts
 * const retval = dsl_websocket_server_listening_stop();
 * ```
 */
export function dsl_websocket_server_listening_stop(): DslReturnType {
  return resultOf(() => dsl_websocket_server().stop(), DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED);
}

/**
 * Gets the listening state and port of the WebSocket Server, as the C API's out parameters:
 * `[retval, is_listening, port_number]`, with `(false, 0)` when not listening.
 *
 * @example
 * ```ts
 * const [retval, is_listening, port_number] = dsl_websocket_server_listening_state_get();
 * ```
 */
export function dsl_websocket_server_listening_state_get(): [
  retval: DslReturnType,
  is_listening: boolean,
  port_number: number,
] {
  try {
    const { listening, port } = dsl_websocket_server().state;
    return [DSL_RESULT_SUCCESS, listening, port];
  } catch {
    return [DSL_RESULT_WEBSOCKET_SERVER_THREW_EXCEPTION, false, 0];
  }
}

/**
 * Adds a client listener, called on every incoming connection with its path and
 * `client_data`, before a transceiver is chosen. Works listening or not.
 *
 * @returns `DSL_RESULT_SUCCESS`; `DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED` if
 * this function was already added; `DSL_RESULT_INVALID_INPUT_PARAM` for a null listener.
 * @example
 * ```ts
 * const retval = dsl_websocket_server_client_listener_add(client_listener_cb, null);
 * ```
 */
export function dsl_websocket_server_client_listener_add(
  listener: dsl_websocket_server_client_listener_cb,
  client_data: unknown = null,
): DslReturnType {
  if (typeof listener !== 'function') return DSL_RESULT_INVALID_INPUT_PARAM;
  return resultOf(
    () => dsl_websocket_server().addClientListener(listener, client_data),
    DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED,
  );
}

/**
 * Removes a client listener.
 *
 * @returns `DSL_RESULT_SUCCESS`; `DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED`
 * if it was never added; `DSL_RESULT_INVALID_INPUT_PARAM` for a null listener.
 * @example
 * ```ts
 * const retval = dsl_websocket_server_client_listener_remove(client_listener_cb);
 * ```
 */
export function dsl_websocket_server_client_listener_remove(
  listener: dsl_websocket_server_client_listener_cb,
): DslReturnType {
  if (typeof listener !== 'function') return DSL_RESULT_INVALID_INPUT_PARAM;
  return resultOf(
    () => dsl_websocket_server().removeClientListener(listener),
    DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED,
  );
}
