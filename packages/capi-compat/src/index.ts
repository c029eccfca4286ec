// @rxdc/capi-compat: libdatachannel's C API (rtc.h) in TypeScript, integer handles and all.
// Every function and constant is exported under its C name.

export { type CharBuffer, type IntPointer, type MessageData, readCString } from './buffers.js';
export {
  type rtcAvailableCallbackFunc,
  type rtcBufferedAmountLowCallbackFunc,
  rtcClose,
  type rtcClosedCallbackFunc,
  rtcDelete,
  type rtcErrorCallbackFunc,
  rtcGetAvailableAmount,
  rtcGetBufferedAmount,
  rtcGetBufferedAmountLowThreshold,
  rtcIsClosed,
  rtcIsOpen,
  rtcMaxMessageSize,
  type rtcMessageCallbackFunc,
  type rtcOpenCallbackFunc,
  rtcReceiveMessage,
  rtcSendMessage,
  rtcSetAvailableCallback,
  rtcSetBufferedAmountLowCallback,
  rtcSetBufferedAmountLowThreshold,
  rtcSetClosedCallback,
  rtcSetErrorCallback,
  rtcSetMessageCallback,
  rtcSetOpenCallback,
  rtcSetReceiveLimits,
} from './channel/channel-functions.js';
export {
  rtcCreateDataChannel,
  rtcCreateDataChannelEx,
  type rtcDataChannelInit,
  rtcDeleteDataChannel,
  rtcGetDataChannelLabel,
  rtcGetDataChannelProtocol,
  rtcGetDataChannelReliability,
  rtcGetDataChannelStream,
  type rtcReliability,
} from './channel/data-channel.js';
export {
  rtcSetPeerReceiveLimit,
  rtcSetProcessReceiveLimit,
} from './channel/receive-budgets.js';
export {
  rtcCleanup,
  rtcGetUserPointer,
  rtcPreload,
  type rtcSctpSettings,
  rtcSetSctpSettings,
  rtcSetThreadPoolSize,
  rtcSetUserPointer,
} from './common.js';
export * from './constants.js';
export { rtcInitLogger, type rtcLogCallbackFunc } from './logger.js';
export * from './media/media.js';
export {
  rtcGetCNameForSsrc,
  rtcGetSsrcsForTrack,
  rtcGetSsrcsForType,
  rtcGetTrackPayloadTypesForCodec,
  rtcSetSsrcForType,
  type rtcSsrcForTypeInit,
} from './media/media-description.js';
export { rtcSetMediaInterceptorCallback } from './media/media-interceptor.js';
export * from './media/packetizers.js';
export * from './media/rtcp-handlers.js';
export * from './media/rtp-timestamps.js';
export {
  rtcAddTrack,
  rtcAddTrackEx,
  rtcDeleteTrack,
  rtcGetTrackDescription,
  rtcGetTrackDirection,
  rtcGetTrackMid,
  rtcRequestBitrate,
  rtcRequestKeyframe,
  type rtcTrackInit,
} from './media/track.js';
export * from './peer/negotiation.js';
export * from './peer/peer-callbacks.js';
export type { rtcConfiguration } from './peer/peer-config.js';
export {
  rtcClosePeerConnection,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
} from './peer/peer-lifecycle.js';
export {
  rtcGetLocalAddress,
  rtcGetLocalDescription,
  rtcGetLocalDescriptionType,
  rtcGetMaxDataChannelStream,
  rtcGetRemoteAddress,
  rtcGetRemoteDescription,
  rtcGetRemoteDescriptionType,
  rtcGetRemoteMaxMessageSize,
  rtcGetSelectedCandidatePair,
} from './peer/peer-queries.js';
export {
  rtcCreateWebSocket,
  rtcCreateWebSocketEx,
  rtcDeleteWebSocket,
  rtcGetWebSocketPath,
  rtcGetWebSocketRemoteAddress,
  type rtcWsConfiguration,
} from './websocket/websocket.js';
export {
  rtcCreateWebSocketServer,
  rtcDeleteWebSocketServer,
  rtcGetWebSocketServerPort,
  type rtcWebSocketClientCallbackFunc,
  type rtcWsServerConfiguration,
} from './websocket/websocket-server.js';
