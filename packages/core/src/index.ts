export type {
  ConnectionFailureCause,
  DataChannelInitConfig,
  Direction,
  IceServer,
  LiveObjectInfo,
  LiveObjectKind,
  LocalDescriptionType,
  LogLevel,
  ProxyServer,
  RtcErrorCode,
  RtpHeader,
  SelectedCandidateInfo,
  SendData,
} from '@rxdc/native';
export {
  Audio,
  DEFAULT_MAX_HELD_BYTES,
  DEFAULT_MAX_HELD_MESSAGES,
  DEFAULT_MAX_HELD_OBJECTS,
  DEFAULT_MAX_PEER_HELD_BYTES,
  DEFAULT_MAX_PROCESS_HELD_BYTES,
  DEFAULT_SERVER_CONNECTION_TIMEOUT_MS,
  DEFAULT_SERVER_MAX_MESSAGE_SIZE,
  isRtcp,
  liveObjects,
  RtcError,
  readRtpHeader,
  setMaxProcessHeldBytes,
  Video,
} from '@rxdc/native';
export type { ChannelEvents, Message, Sendable } from './channel/channel.js';
export { Channel } from './channel/channel.js';
export type { DataChannelReliability } from './channel/data-channel.js';
export { DataChannel } from './channel/data-channel.js';
export type { SendFrameOptions } from './channel/track.js';
export { Track } from './channel/track.js';
export type { WebSocketConfig } from './channel/web-socket.js';
export { WebSocket } from './channel/web-socket.js';
export type { AddTrackOptions } from './config/add-track-options.js';
export { checkPeerConnectionConfig } from './config/check-peer-connection-config.js';
export type { DataChannelInit } from './config/data-channel-init.js';
export type { HoldConfig } from './config/hold-config.js';
export type { PeerConnectionConfig } from './config/peer-connection-config.js';
export type { EventMap } from './events/typed-event-emitter.js';
export { TypedEventEmitter } from './events/typed-event-emitter.js';
export type { ShutdownOptions } from './lifetime/shutdown.js';
export { shutdown } from './lifetime/shutdown.js';
export type { LogLine } from './log/log-lines.js';
export { logLines } from './log/log-lines.js';
export { checkTrackDescription } from './media/check-track-description.js';
export type { PacingOptions } from './media/frame-pacer.js';
export { DEFAULT_MAX_PACED_BYTES } from './media/frame-pacer.js';
export type {
  AudioCodec,
  AudioTrackDescription,
  ResolvedTrackDescription,
  TrackDescription,
  VideoCodec,
  VideoTrackDescription,
} from './media/track-description.js';
export type {
  PeerConnectionEvents,
  SelectedCandidatePair,
} from './peer/peer-connection.js';
export { PeerConnection } from './peer/peer-connection.js';
export type {
  GatheringState,
  IceCandidate,
  IceState,
  PeerState,
  SessionDescription,
  SignalingState,
} from './peer/peer-states.js';
export type { WebSocketServerConfig, WebSocketServerEvents } from './server/web-socket-server.js';
export { WebSocketServer } from './server/web-socket-server.js';
