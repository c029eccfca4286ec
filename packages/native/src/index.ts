export type {
  DataChannelInitConfig,
  DescriptionType,
  Direction,
  IceServer,
  LogLevel,
  NativeDataChannel,
  NativePeerConnection,
  NativeRtcConfig,
  NativeSctpSettings,
  NativeTrack,
  NativeWebSocket,
  NativeWebSocketServer,
  ProxyServer,
  SelectedCandidateInfo,
} from './binding.js';
export {
  Audio,
  NativePeerConnectionClass,
  NativeWebSocketClass,
  NativeWebSocketServerClass,
  nativePreload,
  nativeSetSctpSettings,
  Video,
} from './binding.js';
export type {
  ChannelCallbacks,
  NativeChannelSlots,
} from './callbacks/install-channel-callbacks.js';
export {
  installBufferedAmountLowCallback,
  installChannelCallbacks,
} from './callbacks/install-channel-callbacks.js';
export type { PeerCallbacks } from './callbacks/install-peer-callbacks.js';
export { installPeerCallbacks } from './callbacks/install-peer-callbacks.js';
export {
  dropUndefined,
  requireIceServerUrl,
  requireIpAddress,
  requireWholeNumber,
} from './config/checks.js';
export { refuseUnknownKeys, unknownKey } from './config/known-keys.js';
export {
  checkMtu,
  MAX_EARLY_REMOTE_CANDIDATES,
  MAX_HELD_LOCAL_CANDIDATES,
  MAX_MTU,
} from './config/limits.js';
export { parseProxyServer } from './config/proxy-server.js';
export type { LimitedString } from './config/string-limits.js';
export {
  checkStringLimit,
  isWithinStringLimit,
  STRING_LIMITS,
  stringLimit,
} from './config/string-limits.js';
export { checkWebSocketUrl } from './config/web-socket-url.js';
export type { ConnectionFailureCause } from './errors/connection-failure.js';
export { connectionFailedError } from './errors/connection-failure.js';
export { describeError } from './errors/describe-error.js';
export { describeValue } from './errors/describe-value.js';
export type { ThrowReporter } from './errors/guarded.js';
export { guarded, reportQuietly } from './errors/guarded.js';
export { reportUnhandled } from './errors/report-unhandled.js';
export type { RtcErrorCode } from './errors/rtc-error.js';
export { callNative, RtcError } from './errors/rtc-error.js';
export { RxdcError } from './errors/rxdc-error.js';
export { BoundedHold } from './hold/bounded-hold.js';
export {
  DEFAULT_MAX_PEER_HELD_BYTES,
  DEFAULT_MAX_PROCESS_HELD_BYTES,
  HoldBudget,
  peerHoldBudget,
  processHoldBudget,
  setMaxProcessHeldBytes,
} from './hold/hold-budget.js';
export type { HoldLimits } from './hold/hold-limits.js';
export {
  DEFAULT_MAX_HELD_BYTES,
  DEFAULT_MAX_HELD_MESSAGES,
  DEFAULT_MAX_HELD_OBJECTS,
  resolveHoldLimits,
  resolveMaxHeldObjects,
} from './hold/hold-limits.js';
export type {
  ChannelLifetimeCallbacks,
  ChannelLifetimeOptions,
  ChannelPhase,
  CloseOptions,
} from './lifetime/channel-lifetime.js';
export { ChannelLifetime } from './lifetime/channel-lifetime.js';
export type { CloseEverythingOptions } from './lifetime/cleanup-gate.js';
export { closeEverything } from './lifetime/cleanup-gate.js';
export type {
  PeerLifetimeCallbacks,
  PeerLifetimeOptions,
  RemoteCandidateResult,
} from './lifetime/peer-lifetime.js';
export { PeerLifetime } from './lifetime/peer-lifetime.js';
export type { LiveObject, LiveObjectKind } from './lifetime/process-store.js';
export type { LiveObjectInfo } from './lifetime/registry.js';
export { keepAlive, liveObjects, markClosing, settle } from './lifetime/registry.js';
export type { ServerLifetimeConfig } from './lifetime/server-lifetime.js';
export {
  DEFAULT_SERVER_CONNECTION_TIMEOUT_MS,
  DEFAULT_SERVER_MAX_MESSAGE_SIZE,
  ServerLifetime,
} from './lifetime/server-lifetime.js';
export { addLogSink, isLogLevel, logLevels } from './log/log-forwarder.js';
export { MAX_MEDIA_FRAME_SIZE } from './media/frame-check.js';
export type {
  ChainedHandlerInit,
  MediaHandlerInit,
  MediaHandlerType,
  NalSeparator,
  ObuPacketization,
  PacketizerInit,
} from './media/media-handler-init.js';
export { readRtcpFeedback } from './media/rtcp-feedback.js';
export type { RtpConfigInit } from './media/rtp-config.js';
export { rtpTimestampToSeconds, secondsToRtpTimestamp } from './media/rtp-config.js';
export type { RtpHeader } from './media/rtp-header.js';
export { isRtcp, readRtpHeader } from './media/rtp-header.js';
export type { MediaInterceptor, TrackMedia } from './media/track-media.js';
export { isDetachedBuffer, isDetachedView } from './messages/detached-view.js';
export type { SendData } from './messages/send-message.js';
export { effectiveMessageLimit, sendBytes } from './messages/send-message.js';
export {
  advertiseMaxMessageSize,
  DEFAULT_MAX_MESSAGE_SIZE,
  isOverReceiveLimit,
  nativeMaxMessageSize,
  receivedTooLargeError,
  receiveLimit,
} from './messages/size-check.js';
export { EarlyRemoteCandidates } from './negotiation/early-remote-candidates.js';
export { LocalCandidateRelease } from './negotiation/local-candidate-release.js';
export type { LocalDescriptionType } from './negotiation/local-description-check.js';
export {
  checkLocalDescription,
  isLocalDescriptionType,
} from './negotiation/local-description-check.js';
export type { RemoteDescriptionType } from './negotiation/remote-description-check.js';
export {
  checkRemoteCandidate,
  checkRemoteDescription,
} from './negotiation/remote-description-check.js';
export { sdpWithoutCandidates } from './negotiation/sdp-without-candidates.js';
export type { FifoLimits } from './queue/bounded-fifo.js';
export { BoundedFifo } from './queue/bounded-fifo.js';
export type { BackoffOptions } from './retry/backoff-delay.js';
export { backoffDelay } from './retry/backoff-delay.js';
export type { RetryOptions } from './retry/with-retry.js';
export { withRetry } from './retry/with-retry.js';
