// The WebSocket Server API specification's Python examples, ported line for line to
// @rxdc/ws-server/dsl: the same functions, arguments and result codes, over one process-wide
// server.
// #region example
import { shutdown } from '@rxdc/core';
import {
  DSL_RESULT_SUCCESS,
  DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
  dsl_websocket_server_client_listener_add,
  dsl_websocket_server_client_listener_remove,
  dsl_websocket_server_listening_start,
  dsl_websocket_server_listening_state_get,
  dsl_websocket_server_listening_stop,
  dsl_websocket_server_path_add,
} from '@rxdc/ws-server/dsl';

function client_listener_cb(path: string, client_data: unknown): void {
  console.log(`client listener: path=${path} client_data=${String(client_data)}`);
}

let retval = dsl_websocket_server_path_add('/ws/pipeline-1');
console.log('path_add', retval === DSL_RESULT_SUCCESS ? 'SUCCESS' : retval);

// The documentation's rule: a path must be under /ws/.
retval = dsl_websocket_server_path_add('/pipeline-2');
console.log(
  'path_add outside /ws/',
  retval === DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED ? 'SET_FAILED' : retval,
);

retval = dsl_websocket_server_client_listener_add(client_listener_cb, 'my data');

// The specification listens on DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT (60001);
// port 0 picks a free one, so this example never collides with a running server.
retval = dsl_websocket_server_listening_start(0);
let [, is_listening, port_number] = dsl_websocket_server_listening_state_get();
console.log(`listening: ${is_listening} on a free port: ${port_number > 0}`);

// A transceiver would be added here (dsl_websocket_server().addTransceiver(...)); clients of
// /ws/pipeline-1 then reach it, after client_listener_cb has been called with their path.

retval = dsl_websocket_server_client_listener_remove(client_listener_cb);
retval = dsl_websocket_server_listening_stop();
[retval, is_listening, port_number] = dsl_websocket_server_listening_state_get();
console.log(`after stop: listening=${is_listening} port=${port_number}`);

// A second stop fails, as documented.
retval = dsl_websocket_server_listening_stop();
console.log(
  'second stop',
  retval === DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED ? 'SET_FAILED' : retval,
);

await shutdown();
// #endregion example
