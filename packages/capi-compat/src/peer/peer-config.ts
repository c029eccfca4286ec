// An rtcConfiguration (C field names, missing fields zero) checked and turned into node-datachannel's
// config; the MTU limit is @rxdc/native's.
import {
  checkMtu,
  isWithinStringLimit,
  nativeMaxMessageSize,
  parseProxyServer,
  type NativeRtcConfig as RtcConfig,
  receiveLimit,
} from '@rxdc/native';
import { isInt, isOptionalBool } from '../buffers.js';
import { RTC_ERR_INVALID, RTC_ERR_NOT_AVAIL } from '../constants.js';
import { hasUnknownField } from '../guard.js';

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
  /** ICE server URIs (`const char **iceServers`): `[("stun"|"turn"|"turns") ":"][login ":" password "@"]hostname[":" port]["?transport=" ("udp"|"tcp"|"tls")]`; STUN and port 3478 by default. `null` or missing if unused. A URI longer than 2,048 UTF-8 bytes is RTC_ERR_INVALID (libdatachannel's parser would crash the process). */
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
  /** Local maximum message size for data channels in bytes; 0 or less means the default (256 KiB). A larger message from a remote that ignores it is not delivered: the channel's error callback gets "... MESSAGE_TOO_LARGE ..." text and the channel closes. */
  maxMessageSize?: number;
}

export function isOptionalString(value: unknown): value is string | null | undefined {
  return value === null || value === undefined || typeof value === 'string';
}
function isOptionalUint(value: unknown, max: number): boolean {
  return value === undefined || value === null || (isInt(value) && value >= 0 && value <= max);
}

/** Every field of {@link rtcConfiguration}; the compiler keeps the list complete. */
const configurationFields = {
  iceServers: true,
  iceServersCount: true,
  proxyServer: true,
  bindAddress: true,
  certificateType: true,
  iceTransportPolicy: true,
  enableIceTcp: true,
  enableIceUdpMux: true,
  disableAutoNegotiation: true,
  forceMediaTransport: true,
  portRangeBegin: true,
  portRangeEnd: true,
  mtu: true,
  maxMessageSize: true,
} as const satisfies Record<keyof rtcConfiguration, true>;

/** Builds node-datachannel's config, or an error code. Unset keys are omitted (undefined throws). */
export function toNativeConfig(config: rtcConfiguration): RtcConfig | number {
  if (hasUnknownField('rtcConfiguration', config, configurationFields)) return RTC_ERR_INVALID;
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
  // The length limit is @rxdc/native's: libdatachannel's own parse of a long URL crashes.
  if (!servers.every((s) => typeof s === 'string' && isWithinStringLimit('iceServerUrl', s)))
    return RTC_ERR_INVALID;
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
    try {
      out.proxyServer = parseProxyServer(c.proxyServer);
    } catch {
      return RTC_ERR_INVALID;
    }
  }
  if (c.enableIceTcp) out.enableIceTcp = true;
  if (c.enableIceUdpMux) out.enableIceUdpMux = true;
  if (c.disableAutoNegotiation) out.disableAutoNegotiation = true;
  if (c.forceMediaTransport) out.forceMediaTransport = true;
  if (typeof c.portRangeBegin === 'number' && c.portRangeBegin > 0)
    out.portRangeBegin = c.portRangeBegin;
  if (typeof c.portRangeEnd === 'number' && c.portRangeEnd > 0) out.portRangeEnd = c.portRangeEnd;
  if (typeof c.mtu === 'number' && c.mtu > 0) out.mtu = c.mtu;
  // One byte above the receive limit: see @rxdc/native's size check.
  out.maxMessageSize = nativeMaxMessageSize(receiveLimit(c.maxMessageSize as number | undefined));
  if (policy === 1) out.iceTransportPolicy = 'relay';
  return out;
}
