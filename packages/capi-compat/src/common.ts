// The common functions: preload, cleanup, user pointers, SCTP settings.
import {
  closeEverything,
  nativePreload,
  nativeSetSctpSettings,
  type NativeSctpSettings as SctpSettings,
} from '@rxdc/native';
import { isInt } from './buffers.js';
import { closeChannelNow, resetChannelCallbacks } from './channel/channel-events.js';
import { RTC_ERR_INVALID, RTC_ERR_NOT_AVAIL, RTC_ERR_SUCCESS } from './constants.js';
import { allEntries, anyEntry, unregister } from './handles.js';
import { deletePeerQuietly } from './peer/peer-lifecycle.js';
import { stopServer } from './websocket/websocket-server.js';

/**
 * Loads libdatachannel's global resources now rather than on the first peer connection.
 *
 * @example
 * ```ts
 * import { rtcPreload } from '@rxdc/capi-compat';
 * rtcPreload();
 * ```
 */
export function rtcPreload(): void {
  try {
    nativePreload();
  } catch {
    // preload failure surfaces later as RTC_ERR_FAILURE from the first creation
  }
}

/**
 * Deletes every live object (peer connections, channels, tracks, WebSockets, servers) without
 * further callbacks, and unloads libdatachannel's global resources so the process can exit by
 * itself. C blocks until unloading is done; here the ids are gone when the call returns, and
 * node-datachannel's `cleanup()` runs shortly after if it is still needed (a log
 * callback was set, or a close was not confirmed within about 2 s), because calling it while
 * objects are still closing can crash the process. Objects of @rxdc/core in the same process
 * are closed too (one registry, one cleanup gate). Do not call it from inside a callback.
 *
 * @example
 * ```ts
 * import { rtcCleanup, rtcDeletePeerConnection } from '@rxdc/capi-compat';
 * rtcDeletePeerConnection(pc);
 * rtcCleanup(); // the process exits once the event loop is empty
 * ```
 */
export function rtcCleanup(): void {
  for (const entry of allEntries()) {
    try {
      if (entry.kind === 'pc') deletePeerQuietly(entry);
      else if (entry.kind === 'wss') stopServer(entry);
      else {
        resetChannelCallbacks(entry);
        closeChannelNow(entry, { force: entry.kind === 'ws', notify: 'on-confirm' });
        unregister(entry);
      }
    } catch {
      unregister(entry);
    }
  }
  // The one cleanup gate of the process, shared with @rxdc/core's shutdown(): it closes what
  // other rxdc packages still hold, waits for every close to be confirmed, and unloads
  // node-datachannel only when that is the one way left to let the process exit.
  void closeEverything();
}

/**
 * Sets the opaque user pointer of a peer connection, data channel, track, WebSocket or
 * WebSocket server: any JS value, passed last to each of its callbacks. Unknown ids are ignored.
 *
 * @example
 * ```ts
 * import { rtcSetUserPointer } from '@rxdc/capi-compat';
 * const peer = { name: 'alice', messages: [] as string[] };
 * rtcSetUserPointer(pc, peer);
 * ```
 */
export function rtcSetUserPointer(id: number, ptr: unknown): void {
  const entry = anyEntry(id);
  if (entry) entry.userPtr = ptr;
}

/**
 * The user pointer of an id (null if unset or unknown).
 *
 * @example
 * ```ts
 * import { rtcGetUserPointer } from '@rxdc/capi-compat';
 * const peer = rtcGetUserPointer(pc) as { name: string } | null;
 * ```
 */
export function rtcGetUserPointer(id: number): unknown {
  const entry = anyEntry(id);
  return entry ? (entry.userPtr ?? null) : null;
}

/**
 * `rtcSctpSettings`: 0 means default for every field.
 *
 * @example
 * ```ts
 * import { type rtcSctpSettings } from '@rxdc/capi-compat';
 * const settings: rtcSctpSettings = { recvBufferSize: 1 << 20, sendBufferSize: 1 << 20 };
 * ```
 */
export interface rtcSctpSettings {
  /** SCTP receive buffer size in bytes; 0 or less means the optimized default. */
  recvBufferSize?: number;
  /** SCTP send buffer size in bytes; 0 or less means the optimized default. */
  sendBufferSize?: number;
  /** Maximum number of chunks on the SCTP queue; 0 or less means the optimized default. */
  maxChunksOnQueue?: number;
  /** Initial congestion window in MTUs; 0 or less means the optimized default. */
  initialCongestionWindow?: number;
  /** Maximum burst in MTUs; 0 means the optimized default, negative disables it. Non-zero gives RTC_ERR_NOT_AVAIL (node-datachannel does not pass it). */
  maxBurst?: number;
  /** Congestion control module: 0 RFC2581 (default), 1 HSTCP, 2 H-TCP, 3 RTCC. */
  congestionControlModule?: number;
  /** Delayed SACK time in milliseconds; 0 means the optimized default, negative disables delayed SACKs. */
  delayedSackTimeMs?: number;
  /** Minimum retransmission timeout in milliseconds; 0 or less means the optimized default. Positive gives RTC_ERR_NOT_AVAIL (not passed by node-datachannel). */
  minRetransmitTimeoutMs?: number;
  /** Maximum retransmission timeout in milliseconds; 0 or less means the optimized default. Positive gives RTC_ERR_NOT_AVAIL (not passed by node-datachannel). */
  maxRetransmitTimeoutMs?: number;
  /** Initial retransmission timeout in milliseconds; 0 or less means the optimized default. Positive gives RTC_ERR_NOT_AVAIL (not passed by node-datachannel). */
  initialRetransmitTimeoutMs?: number;
  /** Number of retransmissions before failing; 0 or less means the optimized default. Positive gives RTC_ERR_NOT_AVAIL (not passed by node-datachannel). */
  maxRetransmitAttempts?: number;
  /** Heartbeat interval in milliseconds; 0 or less means the optimized default. Positive gives RTC_ERR_NOT_AVAIL (not passed by node-datachannel). */
  heartbeatIntervalMs?: number;
}

const SUPPORTED_SCTP: Record<string, keyof SctpSettings> = {
  recvBufferSize: 'recvBufferSize',
  sendBufferSize: 'sendBufferSize',
  maxChunksOnQueue: 'maxChunksOnQueue',
  initialCongestionWindow: 'initialCongestionWindow',
  congestionControlModule: 'congestionControlModule',
  delayedSackTimeMs: 'delayedSackTime',
};
const UNSUPPORTED_SCTP = [
  'maxBurst',
  'minRetransmitTimeoutMs',
  'maxRetransmitTimeoutMs',
  'initialRetransmitTimeoutMs',
  'maxRetransmitAttempts',
  'heartbeatIntervalMs',
];

/**
 * Sets global SCTP settings for peer connections created afterwards. node-datachannel 0.33
 * passes six of them; a non-zero value in one of the others (maxBurst, the retransmit
 * timeouts and attempts, heartbeatIntervalMs) gives RTC_ERR_NOT_AVAIL and changes nothing.
 *
 * @example
 * ```ts
 * import { rtcSetSctpSettings } from '@rxdc/capi-compat';
 * rtcSetSctpSettings({ recvBufferSize: 1 << 20, sendBufferSize: 1 << 20 });
 * ```
 */
export function rtcSetSctpSettings(settings: rtcSctpSettings): number {
  if (settings === null || typeof settings !== 'object') return RTC_ERR_INVALID;
  const s = settings as Record<string, unknown>;
  for (const key of [...Object.keys(SUPPORTED_SCTP), ...UNSUPPORTED_SCTP]) {
    const v = s[key];
    if (v !== undefined && v !== null && !isInt(v)) return RTC_ERR_INVALID;
  }
  if (UNSUPPORTED_SCTP.some((key) => typeof s[key] === 'number' && s[key] !== 0))
    return RTC_ERR_NOT_AVAIL;
  const out: SctpSettings = {};
  for (const [key, nativeKey] of Object.entries(SUPPORTED_SCTP)) {
    const v = s[key];
    if (typeof v === 'number' && v > 0) out[nativeKey] = v;
  }
  try {
    nativeSetSctpSettings(out);
    return RTC_ERR_SUCCESS;
  } catch {
    return RTC_ERR_INVALID;
  }
}

/**
 * rtc.h's rtcSetThreadPoolSize: RTC_ERR_NOT_AVAIL, because node-datachannel 0.33 makes it
 * impossible: its binding exports no thread-pool setting (libdatachannel's SetThreadPoolSize is
 * not wrapped), and its pool starts with the first peer connection. RTC_ERR_INVALID for a count
 * that is not a whole number.
 *
 * @example
 * ```ts
 * import { rtcSetThreadPoolSize } from '@rxdc/capi-compat';
 * rtcSetThreadPoolSize(4); // RTC_ERR_NOT_AVAIL
 * ```
 */
export function rtcSetThreadPoolSize(count: number): number {
  if (!isInt(count) || count < 0) return RTC_ERR_INVALID;
  return RTC_ERR_NOT_AVAIL;
}
