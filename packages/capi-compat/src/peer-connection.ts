// Peer connections: creation from rtcConfiguration, callbacks, negotiation (with every
// setLocalDescription case that would abort the process refused first), descriptions,
// addresses and the selected candidate pair.
import {
  checkMtu,
  type NativeDataChannel as DataChannel,
  type LocalDescriptionType,
  NativePeerConnectionClass,
  type NativePeerConnection as PeerConnection,
  PeerLifetime,
  type NativeRtcConfig as RtcConfig,
  RtcError,
  type NativeTrack as Track,
} from '@rxdc/native';
import { type CharBuffer, copyString, isBufferArg, isInt, isOptionalBool } from './buffers.js';
import {
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  RTC_ERR_SUCCESS,
} from './constants.js';
import { adoptDataChannel } from './data-channel.js';
import { callUser, isCallbackArg, reportError, tryRead } from './guard.js';
import {
  allocateId,
  isLive,
  type PeerCallbacks,
  type PeerEntry,
  peerEntry,
  register,
  unregister,
} from './handles.js';
import { adoptTrack } from './track.js';

/**
 * `rtcConfiguration`: every field optional, a missing one takes C's zero default.
 *
 * @example
 * ```ts
 * import { type rtcConfiguration, rtcCreatePeerConnection } from '@rxdc/capi-compat';
 * const config: rtcConfiguration = { bindAddress: '127.0.0.1' };
 * const pc = rtcCreatePeerConnection(config);
 * ```
 */
export interface rtcConfiguration {
  /** ICE server URIs (`const char **iceServers`): `[("stun"|"turn"|"turns") ":"][login ":" password "@"]hostname[":" port]["?transport=" ("udp"|"tcp"|"tls")]`; STUN and port 3478 by default. `null` or missing if unused. */
  iceServers?: readonly string[] | null;
  /** Number of entries of `iceServers` to use (C's array length); missing means the whole array. Larger than the array is RTC_ERR_INVALID. */
  iceServersCount?: number;
  /** Proxy server URI for ICE (`http://host:port` or `socks5://user:pass@host:port`); `null` or empty if unused. */
  proxyServer?: string | null;
  /** If set, bind only to this local address (`"127.0.0.1"` keeps traffic on loopback); `null` means any. */
  bindAddress?: string | null;
  /** Certificate type: `RTC_CERTIFICATE_DEFAULT` (0, ECDSA) or `RTC_CERTIFICATE_ECDSA`; `RTC_CERTIFICATE_RSA` gives RTC_ERR_NOT_AVAIL (node-datachannel has no certificate type option). */
  certificateType?: number;
  /** ICE transport policy: `RTC_TRANSPORT_POLICY_ALL` (0, default) or `RTC_TRANSPORT_POLICY_RELAY` to emit only relayed candidates. */
  iceTransportPolicy?: number;
  /** If true, generate TCP candidates for ICE (ignored with libjuice, node-datachannel's ICE backend). */
  enableIceTcp?: boolean;
  /** If true, multiplex every ICE connection over one UDP port (libjuice only). */
  enableIceUdpMux?: boolean;
  /** If true, the program calls rtcSetLocalDescription itself after creating a data channel or track and after setting a remote offer. */
  disableAutoNegotiation?: boolean;
  /** If true, create the media transport (SRTP) even with no track, so tracks can be added later without renegotiating the transport. */
  forceMediaTransport?: boolean;
  /** First local port (included) of the allowed range; 0 means automatic. */
  portRangeBegin?: number;
  /** Last local port (included) of the allowed range; 0 means automatic. */
  portRangeEnd?: number;
  /**
   * Maximum Transfer Unit for the connection in bytes; 0 means automatic (`RTC_DEFAULT_MTU`,
   * 1280). At most 4096 (else `RTC_ERR_INVALID`): node-datachannel loses messages above it.
   */
  mtu?: number;
  /** Local maximum message size for data channels in bytes; 0 or less means the default (256 KiB). */
  maxMessageSize?: number;
}

/**
 * `void (*)(int pc, const char *sdp, const char *type, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcDescriptionCallbackFunc } from '@rxdc/capi-compat';
 * const onDescription: rtcDescriptionCallbackFunc = (pc, sdp, type) => console.log(type, sdp);
 * ```
 */
export type rtcDescriptionCallbackFunc = (
  pc: number,
  sdp: string,
  type: string,
  userPtr: unknown,
) => void;
/**
 * `void (*)(int pc, const char *cand, const char *mid, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcCandidateCallbackFunc } from '@rxdc/capi-compat';
 * const onCandidate: rtcCandidateCallbackFunc = (pc, cand, mid) => console.log(mid, cand);
 * ```
 */
export type rtcCandidateCallbackFunc = (
  pc: number,
  cand: string,
  mid: string,
  userPtr: unknown,
) => void;
/**
 * `void (*)(int pc, rtcState state, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { RTC_CONNECTED, type rtcStateChangeCallbackFunc } from '@rxdc/capi-compat';
 * const onState: rtcStateChangeCallbackFunc = (pc, state) => state === RTC_CONNECTED && console.log('up');
 * ```
 */
export type rtcStateChangeCallbackFunc = (pc: number, state: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, rtcIceState state, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcIceStateChangeCallbackFunc } from '@rxdc/capi-compat';
 * const onIce: rtcIceStateChangeCallbackFunc = (pc, state) => console.log('ice', state);
 * ```
 */
export type rtcIceStateChangeCallbackFunc = (pc: number, state: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, rtcGatheringState state, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcGatheringStateCallbackFunc } from '@rxdc/capi-compat';
 * const onGathering: rtcGatheringStateCallbackFunc = (pc, state) => console.log('gathering', state);
 * ```
 */
export type rtcGatheringStateCallbackFunc = (pc: number, state: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, rtcSignalingState state, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcSignalingStateCallbackFunc } from '@rxdc/capi-compat';
 * const onSignaling: rtcSignalingStateCallbackFunc = (pc, state) => console.log('signaling', state);
 * ```
 */
export type rtcSignalingStateCallbackFunc = (pc: number, state: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, int dc, void *user_ptr)`: a data channel opened by the remote peer.
 *
 * @example
 * ```ts
 * import { type rtcDataChannelCallbackFunc } from '@rxdc/capi-compat';
 * const onDataChannel: rtcDataChannelCallbackFunc = (pc, dc) => console.log('new channel', dc);
 * ```
 */
export type rtcDataChannelCallbackFunc = (pc: number, dc: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, int tr, void *user_ptr)`: a track added by the remote peer.
 *
 * @example
 * ```ts
 * import { type rtcTrackCallbackFunc } from '@rxdc/capi-compat';
 * const onTrack: rtcTrackCallbackFunc = (pc, tr) => console.log('new track', tr);
 * ```
 */
export type rtcTrackCallbackFunc = (pc: number, tr: number, userPtr: unknown) => void;

const STATES: Record<string, number> = {
  new: 0,
  connecting: 1,
  connected: 2,
  disconnected: 3,
  failed: 4,
  closed: 5,
};
const ICE_STATES: Record<string, number> = {
  new: 0,
  checking: 1,
  connected: 2,
  completed: 3,
  failed: 4,
  disconnected: 5,
  closed: 6,
};
const GATHERING_STATES: Record<string, number> = {
  new: 0,
  'in-progress': 1,
  gathering: 1,
  complete: 2,
};
const SIGNALING_STATES: Record<string, number> = {
  stable: 0,
  'have-local-offer': 1,
  'have-remote-offer': 2,
  'have-local-pranswer': 3,
  'have-remote-pranswer': 4,
};
const DESCRIPTION_TYPES = new Set(['offer', 'answer', 'pranswer', 'rollback']);

function isOptionalString(value: unknown): value is string | null | undefined {
  return value === null || value === undefined || typeof value === 'string';
}
function isOptionalUint(value: unknown, max: number): boolean {
  return value === undefined || value === null || (isInt(value) && value >= 0 && value <= max);
}

function parseProxy(uri: string): RtcConfig['proxyServer'] | undefined {
  try {
    const url = new URL(uri.includes('://') ? uri : `http://${uri}`);
    const type = url.protocol.startsWith('socks5')
      ? 'Socks5'
      : url.protocol === 'http:'
        ? 'Http'
        : undefined;
    if (!type || !url.hostname) return undefined;
    const proxy: NonNullable<RtcConfig['proxyServer']> = {
      type,
      ip: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : type === 'Socks5' ? 1080 : 8080,
    };
    if (url.username) proxy.username = decodeURIComponent(url.username);
    if (url.password) proxy.password = decodeURIComponent(url.password);
    return proxy;
  } catch {
    return undefined;
  }
}

/** Builds node-datachannel's config, or an error code. Unset keys are omitted (undefined throws). */
function toNativeConfig(config: rtcConfiguration): RtcConfig | number {
  const c = config as Record<string, unknown>;
  const iceServers = c.iceServers;
  const count = c.iceServersCount;
  if (iceServers !== null && iceServers !== undefined && !Array.isArray(iceServers))
    return RTC_ERR_INVALID;
  if (count !== undefined && count !== null && (!isInt(count) || count < 0)) return RTC_ERR_INVALID;
  const servers = Array.isArray(iceServers)
    ? iceServers.slice(0, isInt(count) ? count : iceServers.length)
    : [];
  if (isInt(count) && Array.isArray(iceServers) && count > iceServers.length)
    return RTC_ERR_INVALID;
  if (!servers.every((s) => typeof s === 'string')) return RTC_ERR_INVALID;
  if (!isOptionalString(c.bindAddress) || !isOptionalString(c.proxyServer)) return RTC_ERR_INVALID;
  for (const key of [
    'enableIceTcp',
    'enableIceUdpMux',
    'disableAutoNegotiation',
    'forceMediaTransport',
  ]) {
    if (!isOptionalBool(c[key])) return RTC_ERR_INVALID;
  }
  if (!isOptionalUint(c.portRangeBegin, 65535) || !isOptionalUint(c.portRangeEnd, 65535))
    return RTC_ERR_INVALID;
  if (!isOptionalUint(c.maxMessageSize, 2147483647)) return RTC_ERR_INVALID;
  // The MTU limit is @rxdc/native's (node-datachannel loses messages above it).
  try {
    checkMtu(c.mtu);
  } catch {
    return RTC_ERR_INVALID;
  }
  const cert = c.certificateType ?? 0;
  if (cert === 2) return RTC_ERR_NOT_AVAIL;
  if (cert !== 0 && cert !== 1) return RTC_ERR_INVALID;
  const policy = c.iceTransportPolicy ?? 0;
  if (policy !== 0 && policy !== 1) return RTC_ERR_INVALID;

  const out: RtcConfig = { iceServers: servers as string[] };
  if (typeof c.bindAddress === 'string') out.bindAddress = c.bindAddress;
  if (typeof c.proxyServer === 'string' && c.proxyServer !== '') {
    const proxy = parseProxy(c.proxyServer);
    if (!proxy) return RTC_ERR_INVALID;
    out.proxyServer = proxy;
  }
  if (c.enableIceTcp) out.enableIceTcp = true;
  if (c.enableIceUdpMux) out.enableIceUdpMux = true;
  if (c.disableAutoNegotiation) out.disableAutoNegotiation = true;
  if (c.forceMediaTransport) out.forceMediaTransport = true;
  if (typeof c.portRangeBegin === 'number' && c.portRangeBegin > 0)
    out.portRangeBegin = c.portRangeBegin;
  if (typeof c.portRangeEnd === 'number' && c.portRangeEnd > 0) out.portRangeEnd = c.portRangeEnd;
  if (typeof c.mtu === 'number' && c.mtu > 0) out.mtu = c.mtu;
  if (typeof c.maxMessageSize === 'number' && c.maxMessageSize > 0)
    out.maxMessageSize = c.maxMessageSize;
  if (policy === 1) out.iceTransportPolicy = 'relay';
  return out;
}

function deliver(entry: PeerEntry, slot: keyof PeerCallbacks, ...args: unknown[]): void {
  if (!isLive(entry)) return;
  const cb = entry.cbs[slot];
  if (cb) callUser(slot, cb, entry.id, ...args, entry.userPtr);
}

/** The C face of the peer's native callbacks; the order and the guards are @rxdc/native's. */
function peerLifetime(entry: PeerEntry, native: PeerConnection): PeerLifetime {
  return new PeerLifetime(
    native,
    {
      localDescription: (sdp, type) => {
        entry.negotiationNeeded = false;
        deliver(entry, 'localDescription', sdp, type);
      },
      localCandidate: (cand, mid) => deliver(entry, 'localCandidate', cand, mid),
      state: (state) => deliver(entry, 'stateChange', STATES[state] ?? 0),
      iceState: (state) => deliver(entry, 'iceStateChange', ICE_STATES[state] ?? 0),
      signalingState: (state) =>
        deliver(entry, 'signalingStateChange', SIGNALING_STATES[state] ?? 0),
      gatheringState: (state) =>
        deliver(entry, 'gatheringStateChange', GATHERING_STATES[state] ?? 0),
      dataChannel: (dc: DataChannel) => {
        const child = adoptDataChannel(entry, dc);
        deliver(entry, 'dataChannel', child.id);
        // C: an incoming channel's open callback fires right after the data-channel callback returns.
        child.lifetime.openIfAlreadyOpen();
      },
      track: (track: Track) => {
        const child = adoptTrack(entry, track);
        deliver(entry, 'track', child.id);
        child.lifetime.openIfAlreadyOpen();
      },
      closing: () => takeSnapshot(entry),
      closed: () => {
        entry.closed = true;
      },
    },
    (error) => reportError('native', error),
  );
}

/**
 * Creates a peer connection from an `rtcConfiguration` (plain object, C field names, missing
 * fields zero). Returns its id, or RTC_ERR_INVALID for a bad config, RTC_ERR_NOT_AVAIL for
 * `RTC_CERTIFICATE_RSA`, RTC_ERR_FAILURE if libdatachannel refuses it.
 *
 * @example
 * ```ts
 * import { rtcCreatePeerConnection } from '@rxdc/capi-compat';
 * const pc = rtcCreatePeerConnection({ iceServers: ['stun:127.0.0.1:3478'], iceServersCount: 1, bindAddress: '127.0.0.1' });
 * if (pc < 0) throw new Error(`rtcCreatePeerConnection failed: ${pc}`);
 * ```
 */
export function rtcCreatePeerConnection(config: rtcConfiguration): number {
  if (config === null || typeof config !== 'object') return RTC_ERR_INVALID;
  const nativeConfig = toNativeConfig(config);
  if (typeof nativeConfig === 'number') return nativeConfig;
  let native: PeerConnection;
  try {
    native = new NativePeerConnectionClass('rxdc-capi', nativeConfig);
  } catch (error) {
    return String(error).includes('IceServer') ? RTC_ERR_INVALID : RTC_ERR_FAILURE;
  }
  const entry = {
    id: allocateId(),
    kind: 'pc',
    native,
    userPtr: null,
    cbs: {
      localDescription: null,
      localCandidate: null,
      stateChange: null,
      iceStateChange: null,
      signalingStateChange: null,
      gatheringStateChange: null,
      dataChannel: null,
      track: null,
    },
    closed: false,
    negotiationNeeded: false,
    snapshot: { local: null, remote: null, pair: null },
  } as Omit<PeerEntry, 'lifetime'> as PeerEntry;
  (entry as { lifetime: PeerLifetime }).lifetime = peerLifetime(entry, native);
  register(entry);
  return entry.id;
}

function takeSnapshot(entry: PeerEntry): void {
  entry.snapshot = {
    local: localDesc(entry),
    remote: remoteDesc(entry),
    pair: selectedPair(entry),
  };
}

/**
 * Closes a peer connection: its data channels and tracks close first, synchronously (their
 * closed callbacks fire), by @rxdc/native's peer rules.
 * @internal
 */
function closePeer(entry: PeerEntry): void {
  entry.lifetime.close();
}

function resetPeerCallbacks(entry: PeerEntry): void {
  for (const key of Object.keys(entry.cbs) as Array<keyof PeerCallbacks>) entry.cbs[key] = null;
}

/**
 * Closes and deletes a peer connection. After it returns, no callback fires for `pc`; its data
 * channels and tracks are closed (their closed callbacks fire) but stay to be deleted.
 *
 * @example
 * ```ts
 * import { rtcDeletePeerConnection } from '@rxdc/capi-compat';
 * rtcDeletePeerConnection(pc);
 * ```
 */
export function rtcDeletePeerConnection(pc: number): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  resetPeerCallbacks(entry);
  closePeer(entry);
  unregister(entry);
  return RTC_ERR_SUCCESS;
}

/** Deletes a peer connection during rtcCleanup. @internal */
export function deletePeerQuietly(entry: PeerEntry): void {
  resetPeerCallbacks(entry);
  closePeer(entry);
  unregister(entry);
}

/**
 * Closes a peer connection without deleting it: its channels close (closed callbacks fire
 * synchronously), the state callback gets RTC_CLOSED, descriptions stay readable until delete.
 *
 * @example
 * ```ts
 * import { rtcClosePeerConnection, rtcDeletePeerConnection } from '@rxdc/capi-compat';
 * rtcClosePeerConnection(pc);
 * rtcDeletePeerConnection(pc);
 * ```
 */
export function rtcClosePeerConnection(pc: number): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  closePeer(entry);
  return RTC_ERR_SUCCESS;
}

function setPeerCallback(pc: number, slot: keyof PeerCallbacks, cb: unknown): number {
  const entry = peerEntry(pc);
  if (!entry || !isCallbackArg(cb)) return RTC_ERR_INVALID;
  entry.cbs[slot] = cb ?? null;
  return RTC_ERR_SUCCESS;
}

/**
 * Sets (or with `null` unsets) the local description callback: send the SDP to the remote peer.
 *
 * @example
 * ```ts
 * import { rtcSetLocalDescriptionCallback } from '@rxdc/capi-compat';
 * rtcSetLocalDescriptionCallback(pc, (pc, sdp, type, ptr) => signaling.send({ sdp, type }));
 * ```
 */
export function rtcSetLocalDescriptionCallback(
  pc: number,
  cb: rtcDescriptionCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'localDescription', cb);
}

/**
 * Sets (or unsets) the local candidate callback (candidates start with `a=`).
 *
 * @example
 * ```ts
 * import { rtcSetLocalCandidateCallback } from '@rxdc/capi-compat';
 * rtcSetLocalCandidateCallback(pc, (pc, cand, mid) => signaling.send({ cand, mid }));
 * ```
 */
export function rtcSetLocalCandidateCallback(
  pc: number,
  cb: rtcCandidateCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'localCandidate', cb);
}

/**
 * Sets (or unsets) the state change callback (RTC_NEW ... RTC_CLOSED).
 *
 * @example
 * ```ts
 * import { RTC_CONNECTED, rtcSetStateChangeCallback } from '@rxdc/capi-compat';
 * rtcSetStateChangeCallback(pc, (pc, state) => { if (state === RTC_CONNECTED) console.log('connected'); });
 * ```
 */
export function rtcSetStateChangeCallback(
  pc: number,
  cb: rtcStateChangeCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'stateChange', cb);
}

/**
 * Sets (or unsets) the ICE state change callback (RTC_ICE_NEW ... RTC_ICE_CLOSED).
 *
 * @example
 * ```ts
 * import { rtcSetIceStateChangeCallback } from '@rxdc/capi-compat';
 * rtcSetIceStateChangeCallback(pc, (pc, state) => console.log('ice state', state));
 * ```
 */
export function rtcSetIceStateChangeCallback(
  pc: number,
  cb: rtcIceStateChangeCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'iceStateChange', cb);
}

/**
 * Sets (or unsets) the gathering state callback.
 *
 * @example
 * ```ts
 * import { RTC_GATHERING_COMPLETE, rtcSetGatheringStateChangeCallback } from '@rxdc/capi-compat';
 * rtcSetGatheringStateChangeCallback(pc, (pc, state) => state === RTC_GATHERING_COMPLETE && console.log('gathered'));
 * ```
 */
export function rtcSetGatheringStateChangeCallback(
  pc: number,
  cb: rtcGatheringStateCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'gatheringStateChange', cb);
}

/**
 * Sets (or unsets) the signaling state callback.
 *
 * @example
 * ```ts
 * import { rtcSetSignalingStateChangeCallback } from '@rxdc/capi-compat';
 * rtcSetSignalingStateChangeCallback(pc, (pc, state) => console.log('signaling state', state));
 * ```
 */
export function rtcSetSignalingStateChangeCallback(
  pc: number,
  cb: rtcSignalingStateCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'signalingStateChange', cb);
}

/**
 * Sets (or unsets) the callback for data channels opened by the remote peer. Their user
 * pointer starts as the peer connection's; their open callback fires right after this returns.
 *
 * @example
 * ```ts
 * import { rtcSetDataChannelCallback, rtcSetMessageCallback } from '@rxdc/capi-compat';
 * rtcSetDataChannelCallback(pc, (pc, dc) => rtcSetMessageCallback(dc, (id, msg) => console.log(msg)));
 * ```
 */
export function rtcSetDataChannelCallback(
  pc: number,
  cb: rtcDataChannelCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'dataChannel', cb);
}

/**
 * Sets (or unsets) the callback for tracks added by the remote peer.
 *
 * @example
 * ```ts
 * import { rtcSetTrackCallback } from '@rxdc/capi-compat';
 * rtcSetTrackCallback(pc, (pc, tr) => console.log('remote track', tr));
 * ```
 */
export function rtcSetTrackCallback(pc: number, cb: rtcTrackCallbackFunc | null): number {
  return setPeerCallback(pc, 'track', cb);
}

/**
 * Starts (or answers in) the handshake; `type` is "offer", "answer", "pranswer", "rollback" or
 * `null` to detect. Calls node-datachannel would abort the process on are refused with
 * RTC_ERR_FAILURE: nothing to negotiate yet, an answer in state stable, an offer while a
 * remote offer is pending, a closed connection.
 *
 * @example
 * ```ts
 * import { rtcCreatePeerConnection, rtcCreateDataChannel, rtcSetLocalDescription } from '@rxdc/capi-compat';
 * const pc = rtcCreatePeerConnection({ disableAutoNegotiation: true, bindAddress: '127.0.0.1' });
 * rtcCreateDataChannel(pc, 'chat');
 * rtcSetLocalDescription(pc, 'offer');
 * ```
 */
export function rtcSetLocalDescription(pc: number, type: string | null): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  if (
    type !== null &&
    type !== undefined &&
    (typeof type !== 'string' || !DESCRIPTION_TYPES.has(type))
  ) {
    return RTC_ERR_INVALID;
  }
  if (entry.closed) return RTC_ERR_FAILURE;
  try {
    entry.lifetime.setLocalDescription((type ?? undefined) as LocalDescriptionType | undefined);
    return RTC_ERR_SUCCESS;
  } catch (error) {
    // The refusals that keep node-datachannel from aborting are @rxdc/native's.
    return error instanceof RtcError && error.code === 'INVALID_ARGUMENT'
      ? RTC_ERR_INVALID
      : RTC_ERR_FAILURE;
  }
}

/**
 * Sets the remote description received from the peer (`type` null to detect). With
 * auto-negotiation an offer is answered automatically.
 *
 * @example
 * ```ts
 * import { rtcSetRemoteDescription } from '@rxdc/capi-compat';
 * rtcSetRemoteDescription(pc, remote.sdp, remote.type);
 * ```
 */
export function rtcSetRemoteDescription(pc: number, sdp: string, type: string | null): number {
  const entry = peerEntry(pc);
  if (!entry || typeof sdp !== 'string') return RTC_ERR_INVALID;
  if (
    type !== null &&
    type !== undefined &&
    (typeof type !== 'string' || !DESCRIPTION_TYPES.has(type))
  ) {
    return RTC_ERR_INVALID;
  }
  if (entry.closed) return RTC_ERR_FAILURE;
  try {
    entry.native.setRemoteDescription(sdp, (type ?? '') as 'offer');
    return RTC_ERR_SUCCESS;
  } catch {
    return RTC_ERR_FAILURE;
  }
}

/**
 * Adds a remote candidate (with or without `a=`); `mid` null to detect. The remote
 * description must be set first (else RTC_ERR_FAILURE).
 *
 * @example
 * ```ts
 * import { rtcAddRemoteCandidate } from '@rxdc/capi-compat';
 * rtcAddRemoteCandidate(pc, remote.cand, remote.mid);
 * ```
 */
export function rtcAddRemoteCandidate(pc: number, cand: string, mid: string | null): number {
  const entry = peerEntry(pc);
  if (!entry || typeof cand !== 'string' || !isOptionalString(mid)) return RTC_ERR_INVALID;
  if (entry.closed) return RTC_ERR_FAILURE;
  if (!tryRead(() => entry.native.remoteDescription())) return RTC_ERR_FAILURE;
  try {
    entry.native.addRemoteCandidate(cand, mid ?? '');
    return RTC_ERR_SUCCESS;
  } catch {
    return RTC_ERR_FAILURE;
  }
}

function localDesc(entry: PeerEntry): { sdp: string; type: string } | null {
  if (entry.closed) return entry.snapshot.local;
  return tryRead(() => entry.native.localDescription()) ?? null;
}
function remoteDesc(entry: PeerEntry): { sdp: string; type: string } | null {
  if (entry.closed) return entry.snapshot.remote;
  return tryRead(() => entry.native.remoteDescription()) ?? null;
}
function withA(candidate: string): string {
  return candidate.startsWith('a=') ? candidate : `a=${candidate}`;
}
function selectedPair(entry: PeerEntry): PeerEntry['snapshot']['pair'] {
  if (entry.closed) return entry.snapshot.pair;
  const pair = tryRead(() => entry.native.getSelectedCandidatePair());
  if (!pair || typeof pair !== 'object') return null;
  return {
    local: withA(pair.local.candidate),
    remote: withA(pair.remote.candidate),
    localAddress: `${pair.local.address}:${pair.local.port}`,
    remoteAddress: `${pair.remote.address}:${pair.remote.port}`,
  };
}

function getString(
  pc: number,
  read: (entry: PeerEntry) => string | undefined,
  buffer: unknown,
  size: unknown,
): number {
  const entry = peerEntry(pc);
  if (!entry || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  const value = read(entry);
  if (value === undefined) return RTC_ERR_NOT_AVAIL;
  return copyString(value, buffer, size);
}

/**
 * Copies the local description SDP into `buffer` (NUL-terminated); returns its length with the
 * NUL, the size needed if `buffer` is null, or RTC_ERR_NOT_AVAIL / RTC_ERR_TOO_SMALL.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetLocalDescription } from '@rxdc/capi-compat';
 * const needed = rtcGetLocalDescription(pc, null, 0);
 * const buffer = new Uint8Array(needed);
 * rtcGetLocalDescription(pc, buffer, buffer.length);
 * console.log(readCString(buffer));
 * ```
 */
export function rtcGetLocalDescription(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => localDesc(e)?.sdp, buffer, size);
}

/**
 * Copies the remote description SDP into `buffer` (same size rules as rtcGetLocalDescription).
 *
 * @example
 * ```ts
 * import { readCString, rtcGetRemoteDescription } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(8192);
 * if (rtcGetRemoteDescription(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetRemoteDescription(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => remoteDesc(e)?.sdp, buffer, size);
}

/**
 * Copies the local description type ("offer", "answer"...) into `buffer`.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetLocalDescriptionType } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(16);
 * if (rtcGetLocalDescriptionType(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetLocalDescriptionType(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => localDesc(e)?.type, buffer, size);
}

/**
 * Copies the remote description type into `buffer`.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetRemoteDescriptionType } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(16);
 * if (rtcGetRemoteDescriptionType(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetRemoteDescriptionType(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => remoteDesc(e)?.type, buffer, size);
}

/**
 * Copies the local address of the selected candidate pair, `IP:PORT` (IPv6 unbracketed).
 * RTC_ERR_NOT_AVAIL before a pair is selected.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetLocalAddress } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(64);
 * if (rtcGetLocalAddress(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetLocalAddress(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => selectedPair(e)?.localAddress, buffer, size);
}

/**
 * Copies the remote address of the selected candidate pair, `IP:PORT`.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetRemoteAddress } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(64);
 * if (rtcGetRemoteAddress(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetRemoteAddress(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => selectedPair(e)?.remoteAddress, buffer, size);
}

/**
 * Copies the selected local and remote candidates (each starting with `a=`); returns the
 * larger of the two lengths (NUL included). Either buffer may be null.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetSelectedCandidatePair } from '@rxdc/capi-compat';
 * const local = new Uint8Array(256);
 * const remote = new Uint8Array(256);
 * if (rtcGetSelectedCandidatePair(pc, local, 256, remote, 256) > 0) console.log(readCString(local), readCString(remote));
 * ```
 */
export function rtcGetSelectedCandidatePair(
  pc: number,
  local: CharBuffer,
  localSize: number,
  remote: CharBuffer,
  remoteSize: number,
): number {
  const entry = peerEntry(pc);
  if (!entry || !isBufferArg(local, localSize) || !isBufferArg(remote, remoteSize))
    return RTC_ERR_INVALID;
  const pair = selectedPair(entry);
  if (!pair) return RTC_ERR_NOT_AVAIL;
  const localRet = copyString(pair.local, local, localSize);
  if (localRet < 0) return localRet;
  const remoteRet = copyString(pair.remote, remote, remoteSize);
  if (remoteRet < 0) return remoteRet;
  return Math.max(localRet, remoteRet);
}

/**
 * Whether a local data channel or track was added since the last local description (false for
 * a bad id). node-datachannel does not expose libdatachannel's flag; this is tracked in JS.
 *
 * @example
 * ```ts
 * import { rtcIsNegotiationNeeded, rtcSetLocalDescription } from '@rxdc/capi-compat';
 * if (rtcIsNegotiationNeeded(pc)) rtcSetLocalDescription(pc, null);
 * ```
 */
export function rtcIsNegotiationNeeded(pc: number): boolean {
  const entry = peerEntry(pc);
  return entry !== undefined && !entry.closed && entry.negotiationNeeded;
}

/**
 * The highest data channel stream id the connection allows.
 *
 * @example
 * ```ts
 * import { rtcGetMaxDataChannelStream } from '@rxdc/capi-compat';
 * console.log(rtcGetMaxDataChannelStream(pc)); // 1023 by default
 * ```
 */
export function rtcGetMaxDataChannelStream(pc: number): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  if (entry.closed) return RTC_ERR_FAILURE;
  const max = tryRead(() => entry.native.maxDataChannelId());
  return typeof max === 'number' ? max : RTC_ERR_FAILURE;
}

/**
 * The remote peer's maximum message size (65536 when its SDP says nothing).
 *
 * @example
 * ```ts
 * import { rtcGetRemoteMaxMessageSize } from '@rxdc/capi-compat';
 * console.log(rtcGetRemoteMaxMessageSize(pc));
 * ```
 */
export function rtcGetRemoteMaxMessageSize(pc: number): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  if (entry.closed) return RTC_ERR_FAILURE;
  const max = tryRead(() => entry.native.maxMessageSize());
  return typeof max === 'number' ? max : RTC_ERR_FAILURE;
}

/**
 * rtc.h's rtcCreateOffer (generate an offer without setting it): node-datachannel 0.33 has no
 * such call, so this validates its arguments and returns RTC_ERR_NOT_AVAIL.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcCreateOffer } from '@rxdc/capi-compat';
 * if (rtcCreateOffer(pc, null, 0) === RTC_ERR_NOT_AVAIL) console.log('use rtcSetLocalDescription');
 * ```
 */
export function rtcCreateOffer(pc: number, buffer: CharBuffer, size: number): number {
  if (!peerEntry(pc) || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  return RTC_ERR_NOT_AVAIL;
}

/**
 * rtc.h's rtcCreateAnswer: not available in node-datachannel 0.33 (RTC_ERR_NOT_AVAIL).
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcCreateAnswer } from '@rxdc/capi-compat';
 * if (rtcCreateAnswer(pc, null, 0) === RTC_ERR_NOT_AVAIL) console.log('use rtcSetLocalDescription');
 * ```
 */
export function rtcCreateAnswer(pc: number, buffer: CharBuffer, size: number): number {
  if (!peerEntry(pc) || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  return RTC_ERR_NOT_AVAIL;
}
