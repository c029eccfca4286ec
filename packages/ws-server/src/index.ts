export { RtcError } from '@rxdc/core';
export type { WsServerErrorCode } from './errors/ws-server-error.js';
export { WsServerError } from './errors/ws-server-error.js';
export type { CloseCodeValue } from './protocol/close-codes.js';
export { CloseCode } from './protocol/close-codes.js';
export type { SignalingMessage } from './protocol/signaling-message.js';
export type {
  AdmissionCheck,
  AdmissionDecision,
  AdmissionOptions,
  UpgradeRequest,
} from './server/admission.js';
export type { AddTransceiverOptions, ClientListener, WsConnection } from './server/routing.js';
export { ROOT_PATH } from './server/routing.js';
export type { Availability, ClusterHost, ServerCluster } from './server/server-cluster.js';
export type { ServerLimits } from './server/server-limits.js';
export type { AttachOptions, ListenOptions, TlsFiles } from './server/transport.js';
export { DEFAULT_PORT } from './server/transport.js';
export type { DrainOptions, WsServerOptions, WsServerState } from './server/ws-server.js';
export { WsServer } from './server/ws-server.js';
export type { SignalingSocket } from './socket/signaling-socket.js';
export type { ConnectionListener, ConnectionStateValue } from './transceiver/connection-state.js';
export { ConnectionState } from './transceiver/connection-state.js';
export type { SignalingTransceiver } from './transceiver/signaling-transceiver.js';
export type { WebRtcTransceiverOptions } from './transceiver/webrtc-transceiver.js';
export { WebRtcTransceiver } from './transceiver/webrtc-transceiver.js';
