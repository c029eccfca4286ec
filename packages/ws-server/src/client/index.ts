// The node client of the signaling protocol, and the protocol itself: `@rxdc/ws-server/client`.

export type { WsServerErrorCode } from '../errors/ws-server-error.js';
export { WsServerError } from '../errors/ws-server-error.js';
export type { CloseCodeValue } from '../protocol/close-codes.js';
export { CloseCode } from '../protocol/close-codes.js';
export type { ReadFrame, SignalingMessage } from '../protocol/signaling-message.js';
export {
  candidateFrame,
  candidateMid,
  descriptionFrame,
  MAX_SIGNALING_FRAME,
  readSignalingFrame,
  refusalFrame,
} from '../protocol/signaling-message.js';
export type { SignalingSocket } from '../socket/signaling-socket.js';
export type {
  ConnectTimeouts,
  ConnectToTransceiverOptions,
  TransceiverConnection,
} from './connect-to-transceiver.js';
export { connectToTransceiver } from './connect-to-transceiver.js';
export type { SignalingChannel, SignalingEvent } from './signal-over-web-socket.js';
export { signalOverWebSocket } from './signal-over-web-socket.js';
