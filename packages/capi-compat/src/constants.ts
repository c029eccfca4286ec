// The numbers of libdatachannel 0.24.5's rtc.h, exported under their C names.

/**
 * Success: the value every `rtcXxx` function returns when nothing went wrong (rtc.h `RTC_ERR_SUCCESS`).
 *
 * @example
 * ```ts
 * import { RTC_ERR_SUCCESS, rtcSetLocalDescription } from '@rxdc/capi-compat';
 * if (rtcSetLocalDescription(pc, null) !== RTC_ERR_SUCCESS) console.error('negotiation failed');
 * ```
 */
export const RTC_ERR_SUCCESS = 0;
/**
 * An invalid argument: unknown, deleted or wrong-kind id, wrong type, out-of-range value.
 *
 * @example
 * ```ts
 * import { RTC_ERR_INVALID, rtcGetDataChannelStream } from '@rxdc/capi-compat';
 * if (rtcGetDataChannelStream(12345) === RTC_ERR_INVALID) console.log('no such data channel');
 * ```
 */
export const RTC_ERR_INVALID = -1;
/**
 * A runtime failure: libdatachannel (or node-datachannel) refused the call in the current state.
 *
 * @example
 * ```ts
 * import { RTC_ERR_FAILURE, rtcSetLocalDescription } from '@rxdc/capi-compat';
 * if (rtcSetLocalDescription(pc, null) === RTC_ERR_FAILURE) console.log('nothing to negotiate yet');
 * ```
 */
export const RTC_ERR_FAILURE = -2;
/**
 * Not available: the element does not exist yet (no description, no message pending), or
 * node-datachannel 0.33 cannot provide it.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcReceiveMessage } from '@rxdc/capi-compat';
 * if (rtcReceiveMessage(dc, null, Int32Array.of(0)) === RTC_ERR_NOT_AVAIL) console.log('queue empty');
 * ```
 */
export const RTC_ERR_NOT_AVAIL = -3;
/**
 * The user-supplied buffer is too small for the value (call again with a bigger one).
 *
 * @example
 * ```ts
 * import { RTC_ERR_TOO_SMALL, rtcGetLocalDescription } from '@rxdc/capi-compat';
 * if (rtcGetLocalDescription(pc, new Uint8Array(4), 4) === RTC_ERR_TOO_SMALL) console.log('grow the buffer');
 * ```
 */
export const RTC_ERR_TOO_SMALL = -4;

/**
 * Peer connection state `new` (rtcState).
 *
 * @example
 * ```ts
 * import { RTC_NEW } from '@rxdc/capi-compat';
 * const isNew = (state: number) => state === RTC_NEW;
 * ```
 */
export const RTC_NEW = 0;
/**
 * Peer connection state `connecting` (rtcState).
 *
 * @example
 * ```ts
 * import { RTC_CONNECTING } from '@rxdc/capi-compat';
 * const isConnecting = (state: number) => state === RTC_CONNECTING;
 * ```
 */
export const RTC_CONNECTING = 1;
/**
 * Peer connection state `connected` (rtcState).
 *
 * @example
 * ```ts
 * import { RTC_CONNECTED } from '@rxdc/capi-compat';
 * const isConnected = (state: number) => state === RTC_CONNECTED;
 * ```
 */
export const RTC_CONNECTED = 2;
/**
 * Peer connection state `disconnected` (rtcState).
 *
 * @example
 * ```ts
 * import { RTC_DISCONNECTED } from '@rxdc/capi-compat';
 * const isDisconnected = (state: number) => state === RTC_DISCONNECTED;
 * ```
 */
export const RTC_DISCONNECTED = 3;
/**
 * Peer connection state `failed` (rtcState).
 *
 * @example
 * ```ts
 * import { RTC_FAILED } from '@rxdc/capi-compat';
 * const isFailed = (state: number) => state === RTC_FAILED;
 * ```
 */
export const RTC_FAILED = 4;
/**
 * Peer connection state `closed` (rtcState).
 *
 * @example
 * ```ts
 * import { RTC_CLOSED } from '@rxdc/capi-compat';
 * const isClosed = (state: number) => state === RTC_CLOSED;
 * ```
 */
export const RTC_CLOSED = 5;

/**
 * ICE state `new` (rtcIceState).
 *
 * @example
 * ```ts
 * import { RTC_ICE_NEW } from '@rxdc/capi-compat';
 * console.log(RTC_ICE_NEW); // 0
 * ```
 */
export const RTC_ICE_NEW = 0;
/**
 * ICE state `checking` (rtcIceState).
 *
 * @example
 * ```ts
 * import { RTC_ICE_CHECKING } from '@rxdc/capi-compat';
 * console.log(RTC_ICE_CHECKING); // 1
 * ```
 */
export const RTC_ICE_CHECKING = 1;
/**
 * ICE state `connected` (rtcIceState).
 *
 * @example
 * ```ts
 * import { RTC_ICE_CONNECTED } from '@rxdc/capi-compat';
 * console.log(RTC_ICE_CONNECTED); // 2
 * ```
 */
export const RTC_ICE_CONNECTED = 2;
/**
 * ICE state `completed` (rtcIceState).
 *
 * @example
 * ```ts
 * import { RTC_ICE_COMPLETED } from '@rxdc/capi-compat';
 * console.log(RTC_ICE_COMPLETED); // 3
 * ```
 */
export const RTC_ICE_COMPLETED = 3;
/**
 * ICE state `failed` (rtcIceState; note the order differs from rtcState).
 *
 * @example
 * ```ts
 * import { RTC_ICE_FAILED } from '@rxdc/capi-compat';
 * console.log(RTC_ICE_FAILED); // 4
 * ```
 */
export const RTC_ICE_FAILED = 4;
/**
 * ICE state `disconnected` (rtcIceState).
 *
 * @example
 * ```ts
 * import { RTC_ICE_DISCONNECTED } from '@rxdc/capi-compat';
 * console.log(RTC_ICE_DISCONNECTED); // 5
 * ```
 */
export const RTC_ICE_DISCONNECTED = 5;
/**
 * ICE state `closed` (rtcIceState).
 *
 * @example
 * ```ts
 * import { RTC_ICE_CLOSED } from '@rxdc/capi-compat';
 * console.log(RTC_ICE_CLOSED); // 6
 * ```
 */
export const RTC_ICE_CLOSED = 6;

/**
 * Gathering state `new` (rtcGatheringState).
 *
 * @example
 * ```ts
 * import { RTC_GATHERING_NEW } from '@rxdc/capi-compat';
 * console.log(RTC_GATHERING_NEW); // 0
 * ```
 */
export const RTC_GATHERING_NEW = 0;
/**
 * Gathering state `in progress` (rtcGatheringState).
 *
 * @example
 * ```ts
 * import { RTC_GATHERING_INPROGRESS } from '@rxdc/capi-compat';
 * console.log(RTC_GATHERING_INPROGRESS); // 1
 * ```
 */
export const RTC_GATHERING_INPROGRESS = 1;
/**
 * Gathering state `complete` (rtcGatheringState).
 *
 * @example
 * ```ts
 * import { RTC_GATHERING_COMPLETE } from '@rxdc/capi-compat';
 * const done = (state: number) => state === RTC_GATHERING_COMPLETE;
 * ```
 */
export const RTC_GATHERING_COMPLETE = 2;

/**
 * Signaling state `stable` (rtcSignalingState).
 *
 * @example
 * ```ts
 * import { RTC_SIGNALING_STABLE } from '@rxdc/capi-compat';
 * console.log(RTC_SIGNALING_STABLE); // 0
 * ```
 */
export const RTC_SIGNALING_STABLE = 0;
/**
 * Signaling state `have-local-offer` (rtcSignalingState).
 *
 * @example
 * ```ts
 * import { RTC_SIGNALING_HAVE_LOCAL_OFFER } from '@rxdc/capi-compat';
 * console.log(RTC_SIGNALING_HAVE_LOCAL_OFFER); // 1
 * ```
 */
export const RTC_SIGNALING_HAVE_LOCAL_OFFER = 1;
/**
 * Signaling state `have-remote-offer` (rtcSignalingState).
 *
 * @example
 * ```ts
 * import { RTC_SIGNALING_HAVE_REMOTE_OFFER } from '@rxdc/capi-compat';
 * console.log(RTC_SIGNALING_HAVE_REMOTE_OFFER); // 2
 * ```
 */
export const RTC_SIGNALING_HAVE_REMOTE_OFFER = 2;
/**
 * Signaling state `have-local-pranswer` (rtcSignalingState).
 *
 * @example
 * ```ts
 * import { RTC_SIGNALING_HAVE_LOCAL_PRANSWER } from '@rxdc/capi-compat';
 * console.log(RTC_SIGNALING_HAVE_LOCAL_PRANSWER); // 3
 * ```
 */
export const RTC_SIGNALING_HAVE_LOCAL_PRANSWER = 3;
/**
 * Signaling state `have-remote-pranswer` (rtcSignalingState).
 *
 * @example
 * ```ts
 * import { RTC_SIGNALING_HAVE_REMOTE_PRANSWER } from '@rxdc/capi-compat';
 * console.log(RTC_SIGNALING_HAVE_REMOTE_PRANSWER); // 4
 * ```
 */
export const RTC_SIGNALING_HAVE_REMOTE_PRANSWER = 4;

/**
 * Log level: no logging (rtcLogLevel).
 *
 * @example
 * ```ts
 * import { RTC_LOG_NONE, rtcInitLogger } from '@rxdc/capi-compat';
 * rtcInitLogger(RTC_LOG_NONE, null);
 * ```
 */
export const RTC_LOG_NONE = 0;
/**
 * Log level: fatal (rtcLogLevel).
 *
 * @example
 * ```ts
 * import { RTC_LOG_FATAL } from '@rxdc/capi-compat';
 * console.log(RTC_LOG_FATAL); // 1
 * ```
 */
export const RTC_LOG_FATAL = 1;
/**
 * Log level: error (rtcLogLevel).
 *
 * @example
 * ```ts
 * import { RTC_LOG_ERROR, rtcInitLogger } from '@rxdc/capi-compat';
 * rtcInitLogger(RTC_LOG_ERROR, (level, message) => console.error(level, message));
 * ```
 */
export const RTC_LOG_ERROR = 2;
/**
 * Log level: warning (rtcLogLevel).
 *
 * @example
 * ```ts
 * import { RTC_LOG_WARNING } from '@rxdc/capi-compat';
 * console.log(RTC_LOG_WARNING); // 3
 * ```
 */
export const RTC_LOG_WARNING = 3;
/**
 * Log level: info (rtcLogLevel).
 *
 * @example
 * ```ts
 * import { RTC_LOG_INFO } from '@rxdc/capi-compat';
 * console.log(RTC_LOG_INFO); // 4
 * ```
 */
export const RTC_LOG_INFO = 4;
/**
 * Log level: debug (rtcLogLevel).
 *
 * @example
 * ```ts
 * import { RTC_LOG_DEBUG } from '@rxdc/capi-compat';
 * console.log(RTC_LOG_DEBUG); // 5
 * ```
 */
export const RTC_LOG_DEBUG = 5;
/**
 * Log level: verbose (rtcLogLevel).
 *
 * @example
 * ```ts
 * import { RTC_LOG_VERBOSE } from '@rxdc/capi-compat';
 * console.log(RTC_LOG_VERBOSE); // 6
 * ```
 */
export const RTC_LOG_VERBOSE = 6;

/**
 * Certificate type: the default (ECDSA) (rtcCertificateType).
 *
 * @example
 * ```ts
 * import { RTC_CERTIFICATE_DEFAULT, rtcCreatePeerConnection } from '@rxdc/capi-compat';
 * const pc = rtcCreatePeerConnection({ certificateType: RTC_CERTIFICATE_DEFAULT });
 * ```
 */
export const RTC_CERTIFICATE_DEFAULT = 0;
/**
 * Certificate type: ECDSA (rtcCertificateType).
 *
 * @example
 * ```ts
 * import { RTC_CERTIFICATE_ECDSA, rtcCreatePeerConnection } from '@rxdc/capi-compat';
 * const pc = rtcCreatePeerConnection({ certificateType: RTC_CERTIFICATE_ECDSA });
 * ```
 */
export const RTC_CERTIFICATE_ECDSA = 1;
/**
 * Certificate type: RSA (rtcCertificateType). node-datachannel 0.33 cannot select it:
 * rtcCreatePeerConnection answers RTC_ERR_NOT_AVAIL.
 *
 * @example
 * ```ts
 * import { RTC_CERTIFICATE_RSA, RTC_ERR_NOT_AVAIL, rtcCreatePeerConnection } from '@rxdc/capi-compat';
 * console.log(rtcCreatePeerConnection({ certificateType: RTC_CERTIFICATE_RSA }) === RTC_ERR_NOT_AVAIL);
 * ```
 */
export const RTC_CERTIFICATE_RSA = 2;

/**
 * ICE transport policy: all candidates (rtcTransportPolicy).
 *
 * @example
 * ```ts
 * import { RTC_TRANSPORT_POLICY_ALL } from '@rxdc/capi-compat';
 * const config = { iceTransportPolicy: RTC_TRANSPORT_POLICY_ALL };
 * ```
 */
export const RTC_TRANSPORT_POLICY_ALL = 0;
/**
 * ICE transport policy: relayed candidates only (rtcTransportPolicy).
 *
 * @example
 * ```ts
 * import { RTC_TRANSPORT_POLICY_RELAY } from '@rxdc/capi-compat';
 * const config = { iceTransportPolicy: RTC_TRANSPORT_POLICY_RELAY };
 * ```
 */
export const RTC_TRANSPORT_POLICY_RELAY = 1;

/**
 * Track direction: unknown (rtcDirection).
 *
 * @example
 * ```ts
 * import { RTC_DIRECTION_UNKNOWN } from '@rxdc/capi-compat';
 * console.log(RTC_DIRECTION_UNKNOWN); // 0
 * ```
 */
export const RTC_DIRECTION_UNKNOWN = 0;
/**
 * Track direction: send only (rtcDirection).
 *
 * @example
 * ```ts
 * import { RTC_DIRECTION_SENDONLY } from '@rxdc/capi-compat';
 * console.log(RTC_DIRECTION_SENDONLY); // 1
 * ```
 */
export const RTC_DIRECTION_SENDONLY = 1;
/**
 * Track direction: receive only (rtcDirection).
 *
 * @example
 * ```ts
 * import { RTC_DIRECTION_RECVONLY } from '@rxdc/capi-compat';
 * console.log(RTC_DIRECTION_RECVONLY); // 2
 * ```
 */
export const RTC_DIRECTION_RECVONLY = 2;
/**
 * Track direction: send and receive (rtcDirection).
 *
 * @example
 * ```ts
 * import { RTC_DIRECTION_SENDRECV } from '@rxdc/capi-compat';
 * console.log(RTC_DIRECTION_SENDRECV); // 3
 * ```
 */
export const RTC_DIRECTION_SENDRECV = 3;
/**
 * Track direction: inactive (rtcDirection).
 *
 * @example
 * ```ts
 * import { RTC_DIRECTION_INACTIVE } from '@rxdc/capi-compat';
 * console.log(RTC_DIRECTION_INACTIVE); // 4
 * ```
 */
export const RTC_DIRECTION_INACTIVE = 4;

/**
 * Codec H264 (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_H264 } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_H264, payloadType: 96, mid: 'video' };
 * ```
 */
export const RTC_CODEC_H264 = 0;
/**
 * Codec VP8 (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_VP8 } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_VP8, payloadType: 96, mid: 'video' };
 * ```
 */
export const RTC_CODEC_VP8 = 1;
/**
 * Codec VP9 (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_VP9 } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_VP9, payloadType: 96, mid: 'video' };
 * ```
 */
export const RTC_CODEC_VP9 = 2;
/**
 * Codec H265 (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_H265 } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_H265, payloadType: 96, mid: 'video' };
 * ```
 */
export const RTC_CODEC_H265 = 3;
/**
 * Codec AV1 (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_AV1 } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_AV1, payloadType: 96, mid: 'video' };
 * ```
 */
export const RTC_CODEC_AV1 = 4;
/**
 * Codec Opus (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_OPUS } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_OPUS, payloadType: 111, mid: 'audio' };
 * ```
 */
export const RTC_CODEC_OPUS = 128;
/**
 * Codec PCMU (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_PCMU } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_PCMU, payloadType: 0, mid: 'audio' };
 * ```
 */
export const RTC_CODEC_PCMU = 129;
/**
 * Codec PCMA (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_PCMA } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_PCMA, payloadType: 8, mid: 'audio' };
 * ```
 */
export const RTC_CODEC_PCMA = 130;
/**
 * Codec AAC (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_AAC } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_AAC, payloadType: 97, mid: 'audio' };
 * ```
 */
export const RTC_CODEC_AAC = 131;
/**
 * Codec G722 (rtcCodec).
 *
 * @example
 * ```ts
 * import { RTC_CODEC_G722 } from '@rxdc/capi-compat';
 * const init = { codec: RTC_CODEC_G722, payloadType: 9, mid: 'audio' };
 * ```
 */
export const RTC_CODEC_G722 = 132;

/**
 * Default MTU of libdatachannel, in bytes.
 *
 * @example
 * ```ts
 * import { RTC_DEFAULT_MTU } from '@rxdc/capi-compat';
 * console.log(RTC_DEFAULT_MTU); // 1280
 * ```
 */
export const RTC_DEFAULT_MTU = 1280;
/**
 * Default maximum RTP fragment size, in bytes.
 *
 * @example
 * ```ts
 * import { RTC_DEFAULT_MAX_FRAGMENT_SIZE } from '@rxdc/capi-compat';
 * console.log(RTC_DEFAULT_MAX_FRAGMENT_SIZE); // 1220
 * ```
 */
export const RTC_DEFAULT_MAX_FRAGMENT_SIZE = 1220;
/**
 * Default number of RTP packets kept for NACK retransmission.
 *
 * @example
 * ```ts
 * import { RTC_DEFAULT_MAX_STORED_PACKET_COUNT } from '@rxdc/capi-compat';
 * console.log(RTC_DEFAULT_MAX_STORED_PACKET_COUNT); // 512
 * ```
 */
export const RTC_DEFAULT_MAX_STORED_PACKET_COUNT = 512;
/**
 * Deprecated alias of {@link RTC_DEFAULT_MAX_FRAGMENT_SIZE} (rtc.h keeps it for old programs).
 *
 * @deprecated Use RTC_DEFAULT_MAX_FRAGMENT_SIZE.
 * @example
 * ```ts
 * import { RTC_DEFAULT_MAXIMUM_FRAGMENT_SIZE } from '@rxdc/capi-compat';
 * console.log(RTC_DEFAULT_MAXIMUM_FRAGMENT_SIZE); // 1220
 * ```
 */
export const RTC_DEFAULT_MAXIMUM_FRAGMENT_SIZE = 1220;
/**
 * Deprecated alias of {@link RTC_DEFAULT_MAX_STORED_PACKET_COUNT} (rtc.h keeps it for old
 * programs).
 *
 * @deprecated Use RTC_DEFAULT_MAX_STORED_PACKET_COUNT.
 * @example
 * ```ts
 * import { RTC_DEFAULT_MAXIMUM_PACKET_COUNT_FOR_NACK_CACHE } from '@rxdc/capi-compat';
 * console.log(RTC_DEFAULT_MAXIMUM_PACKET_COUNT_FOR_NACK_CACHE); // 512
 * ```
 */
export const RTC_DEFAULT_MAXIMUM_PACKET_COUNT_FOR_NACK_CACHE = 512;

/**
 * NAL unit separator (rtcNalUnitSeparator) of an H264/H265 sample: the first 4 bytes are the
 * NAL unit length.
 *
 * @example
 * ```ts
 * import { RTC_NAL_SEPARATOR_LENGTH } from '@rxdc/capi-compat';
 * const init = { ssrc: 42, cname: 'video', payloadType: 96, clockRate: 90000, nalSeparator: RTC_NAL_SEPARATOR_LENGTH };
 * ```
 */
export const RTC_NAL_SEPARATOR_LENGTH = 0;
/**
 * NAL unit separator (rtcNalUnitSeparator): the long start sequence 0x00 0x00 0x00 0x01.
 *
 * @example
 * ```ts
 * import { RTC_NAL_SEPARATOR_LONG_START_SEQUENCE } from '@rxdc/capi-compat';
 * const init = { nalSeparator: RTC_NAL_SEPARATOR_LONG_START_SEQUENCE };
 * ```
 */
export const RTC_NAL_SEPARATOR_LONG_START_SEQUENCE = 1;
/**
 * NAL unit separator (rtcNalUnitSeparator): the short start sequence 0x00 0x00 0x01.
 *
 * @example
 * ```ts
 * import { RTC_NAL_SEPARATOR_SHORT_START_SEQUENCE } from '@rxdc/capi-compat';
 * const init = { nalSeparator: RTC_NAL_SEPARATOR_SHORT_START_SEQUENCE };
 * ```
 */
export const RTC_NAL_SEPARATOR_SHORT_START_SEQUENCE = 2;
/**
 * NAL unit separator (rtcNalUnitSeparator): a long or a short start sequence.
 *
 * @example
 * ```ts
 * import { RTC_NAL_SEPARATOR_START_SEQUENCE } from '@rxdc/capi-compat';
 * const init = { nalSeparator: RTC_NAL_SEPARATOR_START_SEQUENCE };
 * ```
 */
export const RTC_NAL_SEPARATOR_START_SEQUENCE = 3;
/**
 * OBU packetization (rtcObuPacketization) of an AV1 sample: one OBU per sample.
 *
 * @example
 * ```ts
 * import { RTC_OBU_PACKETIZED_OBU } from '@rxdc/capi-compat';
 * const init = { obuPacketization: RTC_OBU_PACKETIZED_OBU };
 * ```
 */
export const RTC_OBU_PACKETIZED_OBU = 0;
/**
 * OBU packetization (rtcObuPacketization) of an AV1 sample: one temporal unit per sample.
 *
 * @example
 * ```ts
 * import { RTC_OBU_PACKETIZED_TEMPORAL_UNIT } from '@rxdc/capi-compat';
 * const init = { obuPacketization: RTC_OBU_PACKETIZED_TEMPORAL_UNIT };
 * ```
 */
export const RTC_OBU_PACKETIZED_TEMPORAL_UNIT = 1;
