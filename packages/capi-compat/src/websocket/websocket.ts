// Client WebSockets (rtcCreateWebSocket / Ex with the full rtcWsConfiguration) and the
// WebSocket queries. Accepted server-side sockets share the same entry type.
import {
  checkWebSocketUrl,
  isWithinStringLimit,
  NativeWebSocketClass,
  nativeMaxMessageSize,
  parseProxyServer,
  receiveLimit,
  type NativeWebSocket as WebSocket,
} from '@rxdc/native';
import { type CharBuffer, copyString, isBufferArg, isInt } from '../buffers.js';
import { newChannelEntry, refreshCache } from '../channel/channel-events.js';
import { deleteChannel } from '../channel/channel-functions.js';
import { RTC_ERR_INVALID, RTC_ERR_NOT_AVAIL, RTC_ERR_SUCCESS } from '../constants.js';
import { toRtcErr } from '../error-codes.js';
import { hasUnknownField } from '../guard.js';
import { allocateId, type ChannelEntry, register, webSocketEntry } from '../handles.js';

/**
 * `rtcWsConfiguration`: missing fields take C's zero defaults. For the timers and
 * `maxOutstandingPings`, 0 means the default and a negative value disables.
 *
 * @example
 * ```ts
 * import { type rtcWsConfiguration, rtcCreateWebSocketEx } from '@rxdc/capi-compat';
 * const config: rtcWsConfiguration = { disableTlsVerification: true, protocols: ['chat'], protocolsCount: 1 };
 * const ws = rtcCreateWebSocketEx('wss://127.0.0.1:8443/', config);
 * ```
 */
export interface rtcWsConfiguration {
  /** If true, do not verify the server's TLS certificate (`wss://`); else verify it when possible. */
  disableTlsVerification?: boolean;
  /** Proxy server URI (`http://host:port`, non-authenticated); `null` or empty if unused. */
  proxyServer?: string | null;
  /** WebSocket subprotocols offered in the handshake (`const char **protocols`); `null` if none. */
  protocols?: readonly string[] | null;
  /** Number of entries of `protocols` to use; missing means the whole array. */
  protocolsCount?: number;
  /** Connection timeout in milliseconds; 0 means the default, a negative value disables it. */
  connectionTimeoutMs?: number;
  /** Interval between WebSocket pings in milliseconds; 0 means the default, a negative value disables pings. */
  pingIntervalMs?: number;
  /** Pings left unanswered before the connection is considered dead; 0 means the default, a negative value disables the check. */
  maxOutstandingPings?: number;
  /** Maximum message size in bytes; 0 or less means the default (262,144). A larger message received is not delivered: the error callback gets "... MESSAGE_TOO_LARGE ..." text and the socket closes. */
  maxMessageSize?: number;
}

/** Registers a native WebSocket under a new id. @internal */
export function adoptWebSocket(
  native: WebSocket,
  userPtr: unknown,
  accepted: boolean,
  limit: number,
): ChannelEntry {
  const entry = newChannelEntry(allocateId(), 'ws', native, 0, userPtr, accepted, limit);
  refreshCache(entry);
  register(entry);
  return entry;
}

type NativeWsOptions = Record<string, unknown>;

/** Every field of {@link rtcWsConfiguration}; the compiler keeps the list complete. */
const wsConfigurationFields = {
  disableTlsVerification: true,
  proxyServer: true,
  protocols: true,
  protocolsCount: true,
  connectionTimeoutMs: true,
  pingIntervalMs: true,
  maxOutstandingPings: true,
  maxMessageSize: true,
} as const satisfies Record<keyof rtcWsConfiguration, true>;

function toNativeOptions(config: rtcWsConfiguration): NativeWsOptions | number {
  if (hasUnknownField('rtcWsConfiguration', config, wsConfigurationFields)) return RTC_ERR_INVALID;
  const c = config as Record<string, unknown>;
  const out: NativeWsOptions = {};
  const tls = c.disableTlsVerification;
  if (tls !== undefined && tls !== null && typeof tls !== 'boolean' && tls !== 0 && tls !== 1)
    return RTC_ERR_INVALID;
  if (tls) out.disableTlsVerification = true;
  if (c.proxyServer !== undefined && c.proxyServer !== null) {
    if (typeof c.proxyServer !== 'string') return RTC_ERR_INVALID;
    if (c.proxyServer !== '') {
      try {
        out.proxyServer = parseProxyServer(c.proxyServer);
      } catch {
        return RTC_ERR_INVALID;
      }
    }
  }
  const protocols = c.protocols;
  const count = c.protocolsCount;
  if (protocols !== undefined && protocols !== null) {
    if (!Array.isArray(protocols)) return RTC_ERR_INVALID;
    if (
      count !== undefined &&
      count !== null &&
      (!isInt(count) || count < 0 || count > protocols.length)
    ) {
      return RTC_ERR_INVALID;
    }
    const list = protocols.slice(0, isInt(count) ? count : protocols.length);
    if (!list.every((p) => typeof p === 'string' && isWithinStringLimit('protocol', p)))
      return RTC_ERR_INVALID;
    if (list.length > 0) out.protocols = list;
  } else if (count !== undefined && count !== null && count !== 0) return RTC_ERR_INVALID;
  for (const [key, nativeKey] of [
    ['connectionTimeoutMs', 'connectionTimeout'],
    ['pingIntervalMs', 'pingInterval'],
    ['maxOutstandingPings', 'maxOutstandingPings'],
  ] as const) {
    const v = c[key];
    if (v === undefined || v === null) continue;
    if (!isInt(v)) return RTC_ERR_INVALID;
    if (v > 0) out[nativeKey] = v;
    else if (v < 0) out[nativeKey] = 0;
  }
  const mms = c.maxMessageSize;
  if (mms !== undefined && mms !== null && !isInt(mms)) return RTC_ERR_INVALID;
  // One byte above the receive limit: see @rxdc/native's size check.
  out.maxMessageSize = nativeMaxMessageSize(receiveLimit(mms as number | undefined));
  return out;
}

/**
 * Opens a client WebSocket to a `ws://` or `wss://` URL with default settings.
 *
 * @example
 * ```ts
 * import { rtcCreateWebSocket, rtcSetOpenCallback } from '@rxdc/capi-compat';
 * const ws = rtcCreateWebSocket('ws://127.0.0.1:8080/signaling');
 * rtcSetOpenCallback(ws, () => console.log('connected'));
 * ```
 */
export function rtcCreateWebSocket(url: string): number {
  return rtcCreateWebSocketEx(url, {});
}

/**
 * Opens a client WebSocket with an `rtcWsConfiguration`. RTC_ERR_INVALID for a URL that is not
 * `ws://` or `wss://` or is longer than 8,192 UTF-8 bytes (libdatachannel's parser would crash
 * the process), or a bad config.
 *
 * @example
 * ```ts
 * import { rtcCreateWebSocketEx } from '@rxdc/capi-compat';
 * const ws = rtcCreateWebSocketEx('wss://127.0.0.1:8443/', { disableTlsVerification: true });
 * ```
 */
export function rtcCreateWebSocketEx(url: string, config: rtcWsConfiguration | null): number {
  // The length first: libdatachannel's own parse of a long URL crashes the process.
  try {
    checkWebSocketUrl(url);
  } catch (error) {
    return toRtcErr(error);
  }
  if (config !== null && config !== undefined && typeof config !== 'object') return RTC_ERR_INVALID;
  const options = toNativeOptions(config ?? {});
  if (typeof options === 'number') return options;
  let native: WebSocket;
  try {
    native = new NativeWebSocketClass(options as never);
  } catch {
    return RTC_ERR_INVALID;
  }
  const entry = adoptWebSocket(native, null, false, receiveLimit(config?.maxMessageSize));
  try {
    native.open(url);
  } catch {
    deleteChannel(entry, 'force');
    return RTC_ERR_INVALID;
  }
  // A connection libdatachannel reports failed at once (its poll thread can hand a closed
  // socket's error to a new one) is tried again on a new native object, as in @rxdc/core.
  if (entry.kind === 'ws') {
    entry.lifetime.retryConnectWith(() => {
      const next = new NativeWebSocketClass(options as never);
      next.open(url);
      entry.native = next;
      return next;
    });
  }
  return entry.id;
}

/**
 * Deletes a WebSocket: closes it at once (the closed callback fires synchronously) and frees
 * the id.
 *
 * @example
 * ```ts
 * import { rtcDeleteWebSocket } from '@rxdc/capi-compat';
 * rtcDeleteWebSocket(ws);
 * ```
 */
export function rtcDeleteWebSocket(ws: number): number {
  const entry = webSocketEntry(ws);
  if (!entry) return RTC_ERR_INVALID;
  deleteChannel(entry, 'force');
  return RTC_ERR_SUCCESS;
}

/**
 * Copies the remote address (`HOST:PORT`) of the WebSocket into `buffer`; RTC_ERR_NOT_AVAIL
 * while the TCP transport is not connected.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetWebSocketRemoteAddress } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(64);
 * if (rtcGetWebSocketRemoteAddress(ws, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetWebSocketRemoteAddress(ws: number, buffer: CharBuffer, size: number): number {
  const entry = webSocketEntry(ws);
  if (!entry || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  if (!entry.closedSeen) refreshCache(entry);
  if (entry.remoteAddress === undefined) return RTC_ERR_NOT_AVAIL;
  return copyString(entry.remoteAddress, buffer, size);
}

/**
 * Copies the HTTP path the WebSocket requested (useful for sockets accepted by a server;
 * the socket must be open). RTC_ERR_NOT_AVAIL before that.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetWebSocketPath } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(256);
 * if (rtcGetWebSocketPath(ws, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetWebSocketPath(ws: number, buffer: CharBuffer, size: number): number {
  const entry = webSocketEntry(ws);
  if (!entry || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  if (!entry.closedSeen) refreshCache(entry);
  if (entry.path === undefined) return RTC_ERR_NOT_AVAIL;
  return copyString(entry.path, buffer, size);
}
