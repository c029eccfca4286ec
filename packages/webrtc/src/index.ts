export type { RTCIceCandidateInit } from './candidate/rtc-ice-candidate.js';
export { RTCIceCandidate } from './candidate/rtc-ice-candidate.js';
export type { RTCDtlsFingerprint } from './certificate/rtc-certificate.js';
export { RTCCertificate } from './certificate/rtc-certificate.js';
export type { RTCDataChannelInit } from './channel/data-channel-init.js';
export type { BinaryType, RTCDataChannelState } from './channel/rtc-data-channel.js';
export { RTCDataChannel } from './channel/rtc-data-channel.js';
export type {
  RTCSdpType,
  RTCSessionDescriptionInit,
} from './description/rtc-session-description.js';
export { RTCSessionDescription } from './description/rtc-session-description.js';
export type { RTCErrorDetailType, RTCErrorInit } from './errors/rtc-error.js';
export { RTCError } from './errors/rtc-error.js';
export type { RTCDataChannelEventInit } from './events/rtc-data-channel-event.js';
export { RTCDataChannelEvent } from './events/rtc-data-channel-event.js';
export type { RTCErrorEventInit } from './events/rtc-error-event.js';
export { RTCErrorEvent } from './events/rtc-error-event.js';
export type { RTCPeerConnectionIceEventInit } from './events/rtc-peer-connection-ice-event.js';
export { RTCPeerConnectionIceEvent } from './events/rtc-peer-connection-ice-event.js';
export type { RTCConfiguration, RTCIceServer } from './peer/rtc-configuration.js';
export type {
  RTCIceConnectionState,
  RTCLocalSessionDescriptionInit,
  RTCOfferOptions,
  RTCPeerConnectionState,
  RTCSignalingState,
} from './peer/rtc-peer-connection.js';
export { RTCPeerConnection } from './peer/rtc-peer-connection.js';
export type { RTCStats, RTCStatsReport } from './peer/stats.js';
export type { RTCDtlsTransportState } from './transport/rtc-dtls-transport.js';
export { RTCDtlsTransport } from './transport/rtc-dtls-transport.js';
export type {
  RTCIceCandidatePair,
  RTCIceGathererState,
  RTCIceParameters,
  RTCIceTransportState,
} from './transport/rtc-ice-transport.js';
export { RTCIceTransport } from './transport/rtc-ice-transport.js';
export type { RTCSctpTransportState } from './transport/rtc-sctp-transport.js';
export { RTCSctpTransport } from './transport/rtc-sctp-transport.js';
