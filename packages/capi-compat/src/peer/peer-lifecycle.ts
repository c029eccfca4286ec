// Creating, closing and deleting a peer connection: the C face of @rxdc/native's PeerLifetime
// (its callback order, guards and close rules).
import {
  type NativeDataChannel as DataChannel,
  NativePeerConnectionClass,
  type NativePeerConnection as PeerConnection,
  PeerLifetime,
  peerHoldBudget,
  type NativeTrack as Track,
} from '@rxdc/native';
import { adoptDataChannel } from '../channel/data-channel.js';
import { RTC_ERR_FAILURE, RTC_ERR_INVALID, RTC_ERR_SUCCESS } from '../constants.js';
import { callUser, reportError } from '../guard.js';
import {
  allocateId,
  isLive,
  type PeerCallbacks,
  type PeerEntry,
  peerEntry,
  register,
  unregister,
} from '../handles.js';
import { adoptTrack } from '../media/track.js';
import { type rtcConfiguration, toNativeConfig } from './peer-config.js';
import { takeSnapshot } from './peer-queries.js';

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

function deliver(entry: PeerEntry, slot: keyof PeerCallbacks, ...args: unknown[]): void {
  if (!isLive(entry)) return;
  const cb = entry.cbs[slot];
  if (!cb) return;
  // The C callbacks take (id, ...values, userPtr): one or two values.
  if (args.length === 1) callUser(slot, cb, entry.id, args[0], entry.userPtr);
  else callUser(slot, cb, entry.id, args[0], args[1], entry.userPtr);
}

/** The C face of the peer's native callbacks; the order and the guards are @rxdc/native's. */
function peerLifetime(
  entry: PeerEntry,
  native: PeerConnection,
  maxMessageSize: number | undefined,
): PeerLifetime {
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
        const child = adoptDataChannel(entry, dc, 'incoming');
        if (!child) return;
        deliver(entry, 'dataChannel', child.id);
        // C: an incoming channel's open callback fires right after the data-channel callback returns.
        child.lifetime.openIfAlreadyOpen();
      },
      track: (track: Track) => {
        const child = adoptTrack(entry, track, null, 'incoming');
        if (!child) return;
        deliver(entry, 'track', child.id);
        child.lifetime.openIfAlreadyOpen();
      },
      closing: () => takeSnapshot(entry),
      closed: () => {},
      rejected: (error) => reportError('remote candidate', error),
    },
    (error) => reportError('native', error),
    { maxMessageSize: maxMessageSize ?? null },
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
    holdBudget: peerHoldBudget(),
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
    // Closed is the lifetime's phase, not a flag of its own.
    get closed(): boolean {
      return (this as unknown as PeerEntry).lifetime.isClosed;
    },
    negotiationNeeded: false,
    snapshot: { local: null, remote: null, pair: null },
  } as Omit<PeerEntry, 'lifetime'> as PeerEntry;
  (entry as { lifetime: PeerLifetime }).lifetime = peerLifetime(
    entry,
    native,
    config.maxMessageSize,
  );
  register(entry);
  return entry.id;
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
