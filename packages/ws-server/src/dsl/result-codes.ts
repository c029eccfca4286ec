/**
 * Success: `0`.
 *
 * @example
 * ```ts
 * if (dsl_websocket_server_path_add('/ws/pipeline-1') !== DSL_RESULT_SUCCESS) throw new Error('path');
 * ```
 */
export const DSL_RESULT_SUCCESS = 0;

/**
 * A required argument is missing or has the wrong type (a null path or listener): `0x5`.
 *
 * @example
 * ```ts
 * dsl_websocket_server_client_listener_add(null as never, null) === DSL_RESULT_INVALID_INPUT_PARAM; // true
 * ```
 */
export const DSL_RESULT_INVALID_INPUT_PARAM = 0x5;

/**
 * Something unexpected failed inside the server: `0x00700001`.
 *
 * @example
 * ```ts
 * if (retval === DSL_RESULT_WEBSOCKET_SERVER_THREW_EXCEPTION) console.error('internal failure');
 * ```
 */
export const DSL_RESULT_WEBSOCKET_SERVER_THREW_EXCEPTION = 0x00700001;

/**
 * The server refused the setting in its current state: a path added while listening or not
 * under `/ws/`, a start while listening or on a port in use, a stop while not listening:
 * `0x00700002`.
 *
 * @example
 * ```ts
 * dsl_websocket_server_listening_stop() === DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED; // when not listening
 * ```
 */
export const DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED = 0x00700002;

/**
 * The client listener was already added: `0x00700003`.
 *
 * @example
 * ```ts
 * dsl_websocket_server_client_listener_add(cb, null);
 * dsl_websocket_server_client_listener_add(cb, null) === DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED; // true
 * ```
 */
export const DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED = 0x00700003;

/**
 * The client listener to remove was never added: `0x00700004`.
 *
 * @example
 * ```ts
 * dsl_websocket_server_client_listener_remove(unknownCb) === DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED; // true
 * ```
 */
export const DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED = 0x00700004;

/**
 * The port `dsl_websocket_server_listening_start` is usually given: 60001.
 *
 * @example
 * ```ts
 * const retval = dsl_websocket_server_listening_start(DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT);
 * ```
 */
export const DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT = 60001;

/**
 * A transceiver's client closed, or none has connected yet: `0`.
 *
 * @example
 * ```ts
 * if (state === DSL_SOCKET_CONNECTION_STATE_CLOSED) stopPipeline();
 * ```
 */
export const DSL_SOCKET_CONNECTION_STATE_CLOSED = 0;

/**
 * A transceiver took a client and started negotiating: `1`.
 *
 * @example
 * ```ts
 * if (state === DSL_SOCKET_CONNECTION_STATE_INITIATED) startPipeline();
 * ```
 */
export const DSL_SOCKET_CONNECTION_STATE_INITIATED = 1;

/**
 * A transceiver's peer connection is up: `2`.
 *
 * @example
 * ```ts
 * if (state === DSL_SOCKET_CONNECTION_STATE_OPENED) console.log('connected');
 * ```
 */
export const DSL_SOCKET_CONNECTION_STATE_OPENED = 2;

/**
 * A transceiver's peer connection failed (`CLOSED` follows): `3`.
 *
 * @example
 * ```ts
 * if (state === DSL_SOCKET_CONNECTION_STATE_FAILED) console.warn('negotiation failed');
 * ```
 */
export const DSL_SOCKET_CONNECTION_STATE_FAILED = 3;

/**
 * The result of every `dsl_websocket_server_*` function: one of the `DSL_RESULT_*` codes.
 *
 * @example
 * ```ts
 * const retval: DslReturnType = dsl_websocket_server_path_add('/ws/pipeline-1');
 * ```
 */
export type DslReturnType = number;

/**
 * The port DSL's Python examples listen on, `DSL_WEBSOCKET_SERVER_DEFAULT_HTTP_PORT`: 60001,
 * the same as {@link DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT} (DSL's header defines both).
 *
 * @example
 * ```ts
 * const retval = dsl_websocket_server_listening_start(DSL_WEBSOCKET_SERVER_DEFAULT_HTTP_PORT);
 * ```
 */
export const DSL_WEBSOCKET_SERVER_DEFAULT_HTTP_PORT = 60001;

/**
 * rxdc's own: a WebRTC transceiver of that name already exists: `0x00710001`.
 *
 * @example
 * ```ts
 * dsl_transceiver_webrtc_new('t1', null, null) === DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE; // the second time
 * ```
 */
export const DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE = 0x00710001;

/**
 * rxdc's own: no WebRTC transceiver of that name exists: `0x00710002`.
 *
 * @example
 * ```ts
 * dsl_transceiver_webrtc_delete('never-made') === DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND; // true
 * ```
 */
export const DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND = 0x00710002;

/**
 * rxdc's own: the transceiver could not be added (a path not under `/ws/`), or a listener was
 * added twice: `0x00710003`.
 *
 * @example
 * ```ts
 * dsl_transceiver_webrtc_new('t1', null, null, '/pipeline') === DSL_RESULT_TRANSCEIVER_SET_FAILED; // true
 * ```
 */
export const DSL_RESULT_TRANSCEIVER_SET_FAILED = 0x00710003;
