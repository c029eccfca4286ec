// The C-style WebSocket Server API of the DSL specification, over one process-wide server.
export { dsl_websocket_server } from './process-server.js';
export {
  DSL_RESULT_INVALID_INPUT_PARAM,
  DSL_RESULT_SUCCESS,
  DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND,
  DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE,
  DSL_RESULT_TRANSCEIVER_SET_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_THREW_EXCEPTION,
  DSL_SOCKET_CONNECTION_STATE_CLOSED,
  DSL_SOCKET_CONNECTION_STATE_FAILED,
  DSL_SOCKET_CONNECTION_STATE_INITIATED,
  DSL_SOCKET_CONNECTION_STATE_OPENED,
  DSL_WEBSOCKET_SERVER_DEFAULT_HTTP_PORT,
  DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT,
  type DslReturnType,
} from './result-codes.js';
export {
  DSL_TRANSCEIVER_MEDIA_AUDIO_OPUS,
  DSL_TRANSCEIVER_MEDIA_NONE,
  DSL_TRANSCEIVER_MEDIA_VIDEO_H264,
  dsl_transceiver_webrtc_client_listener_add,
  type dsl_transceiver_webrtc_client_listener_cb,
  dsl_transceiver_webrtc_delete,
  dsl_transceiver_webrtc_get,
  dsl_transceiver_webrtc_new,
  type dsl_transceiver_webrtc_options,
} from './webrtc-transceiver-api.js';
export {
  dsl_websocket_server_client_listener_add,
  type dsl_websocket_server_client_listener_cb,
  dsl_websocket_server_client_listener_remove,
  dsl_websocket_server_listening_start,
  dsl_websocket_server_listening_state_get,
  dsl_websocket_server_listening_stop,
  dsl_websocket_server_path_add,
} from './websocket-server-api.js';
