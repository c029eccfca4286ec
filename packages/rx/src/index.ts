export type { OverflowPolicy, QueueOptions } from './backpressure/bounded-queue.js';
export type { FlowChannel, FlowOptions, SendProgress } from './backpressure/flow-channel.js';
export { holdWhile } from './backpressure/hold-while.js';
export type { PullSource } from './backpressure/send-from.js';
export { sendFrom } from './backpressure/send-from.js';
export type { SendOptions } from './backpressure/send-with-backpressure.js';
export { sendWithBackpressure } from './backpressure/send-with-backpressure.js';
export { binary } from './codecs/binary.js';
export type { Codec } from './codecs/codec.js';
export { codec } from './codecs/codec.js';
export { decodeWith } from './codecs/decode-with.js';
export type { Decoded } from './codecs/decoded.js';
export { encodeWith } from './codecs/encode-with.js';
export type { JsonOptions } from './codecs/json.js';
export { json } from './codecs/json.js';
export { text } from './codecs/text.js';
export type { RxErrorCode } from './errors/rx-error.js';
export { RxError } from './errors/rx-error.js';
export type { CoalesceOptions } from './framing/coalesce.js';
export { coalesce } from './framing/coalesce.js';
export { decodeFrames } from './framing/decode-frames.js';
export { encodeFrames } from './framing/encode-frames.js';
export type { FramingOptions } from './framing/frame-encoder.js';
export type { FramedCarrier, FramedChannel, FramedOptions } from './framing/framed-channel.js';
export { framed } from './framing/framed-channel.js';
export type { FramedDuplexOptions } from './framing/framed-duplex.js';
export type { BackoffOptions } from './reconnection/backoff-delay.js';
export { backoffDelay } from './reconnection/backoff-delay.js';
export type { ConnectionState, ReconnectOptions } from './reconnection/reconnecting-web-socket.js';
export { reconnectingWebSocket } from './reconnection/reconnecting-web-socket.js';
export type { RetryWithBackoffOptions } from './reconnection/retry-with-backoff.js';
export { retryWithBackoff } from './reconnection/retry-with-backoff.js';
export type { ConnectedPeers, ConnectPeersOptions } from './signaling/connect-peers.js';
export { connectPeers } from './signaling/connect-peers.js';
export type {
  ConnectToTransceiverOptions,
  TransceiverConnection,
} from './signaling/connect-to-transceiver.js';
export { connectToTransceiver } from './signaling/connect-to-transceiver.js';
export type { LocalChannelPair, LocalChannelPairOptions } from './signaling/local-channel-pair.js';
export { localChannelPair } from './signaling/local-channel-pair.js';
export type { SignalingEvent, SignalingSocket } from './signaling/signal-over-web-socket.js';
export { signalOverWebSocket } from './signaling/signal-over-web-socket.js';
export type { SignalingMessage } from './signaling/signaling-message.js';
export {
  formatCandidate,
  formatDescription,
  parseSignalingMessage,
  toIceCandidate,
} from './signaling/signaling-message.js';
export type { PeerStats, StatsSource } from './stats/stats.js';
export { stats$ } from './stats/stats.js';
export type { ChannelSubjectOptions, SubjectChannel } from './subject/channel-subject.js';
export { ChannelSubject, channelSubject } from './subject/channel-subject.js';
