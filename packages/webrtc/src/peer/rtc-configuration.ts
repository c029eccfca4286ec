import {
  describeError,
  type IceServer,
  isWithinStringLimit,
  nativeMaxMessageSize,
  receiveLimit,
  requireIpAddress,
} from '@rxdc/native';
import { RTCCertificate } from '../certificate/rtc-certificate.js';
import { domException } from '../errors/dom-exceptions.js';
import {
  toDictionary,
  toDOMString,
  toEnforcedUnsigned,
  toEnum,
  toSequence,
  toUSVString,
} from '../webidl/convert.js';

/**
 * A STUN or TURN server (WebRTC 1.0 `RTCIceServer`).
 *
 * @example
 * ```ts
 * import type { RTCIceServer } from '@rxdc/webrtc';
 * const server: RTCIceServer = { urls: 'turn:turn.example.org', username: 'u', credential: 'p' };
 * ```
 */
export interface RTCIceServer {
  /** One URL or several: `stun:host[:port]`, `turn:host[:port][?transport=udp|tcp]`, `turns:...`. */
  urls: string | string[];
  /** The TURN username. */
  username?: string;
  /** The TURN password. */
  credential?: string;
}

/**
 * The configuration of an {@link RTCPeerConnection} (WebRTC 1.0 `RTCConfiguration`), with
 * rxdc's extensions for what libdatachannel can choose and a browser cannot: `bindAddress`,
 * `portRangeBegin`, `portRangeEnd`, `maxMessageSize`.
 *
 * @example
 * ```ts
 * import type { RTCConfiguration } from '@rxdc/webrtc';
 * const config: RTCConfiguration = { iceServers: [], bindAddress: '127.0.0.1' };
 * ```
 */
export interface RTCConfiguration {
  /** STUN and TURN servers (default none). */
  iceServers?: RTCIceServer[];
  /** `'relay'` to use relayed candidates only (default `'all'`). */
  iceTransportPolicy?: 'all' | 'relay';
  /** Accepted; libdatachannel always bundles. */
  bundlePolicy?: 'balanced' | 'max-compat' | 'max-bundle';
  /** Only `'require'` exists. */
  rtcpMuxPolicy?: 'require';
  /** Certificates from `RTCPeerConnection.generateCertificate` (not available: see README). */
  certificates?: RTCCertificate[];
  /** Accepted and reported (0 to 255); libdatachannel gathers when a description is set. */
  iceCandidatePoolSize?: number;
  /** rxdc: gather candidates on this local address only (`'127.0.0.1'` keeps to loopback). */
  bindAddress?: string;
  /** rxdc: first local UDP port to use. */
  portRangeBegin?: number;
  /** rxdc: last local UDP port to use. */
  portRangeEnd?: number;
  /** rxdc: the largest message a data channel receives, in bytes (default 262,144). */
  maxMessageSize?: number;
}

/** The configuration after conversion and checks. @internal */
export interface ResolvedConfiguration {
  iceServers: Array<{ urls: string[]; username?: string; credential?: string }>;
  iceTransportPolicy: 'all' | 'relay';
  bundlePolicy: 'balanced' | 'max-compat' | 'max-bundle';
  rtcpMuxPolicy: 'require';
  certificates: RTCCertificate[];
  iceCandidatePoolSize: number;
  bindAddress?: string;
  portRangeBegin?: number;
  portRangeEnd?: number;
  maxMessageSize?: number;
}

const urlPattern =
  /^(stun|stuns|turn|turns):(\[[0-9a-fA-F:.]+\]|[^:?/@\s[\]]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/;

/**
 * Converts and checks an RTCConfiguration as the RTCPeerConnection constructor and
 * setConfiguration do ("set a configuration").
 *
 * @throws TypeError for a wrong type; `SyntaxError` for a URL that does not parse;
 * `InvalidAccessError` for a TURN server without username or credential or an expired
 * certificate; `NotSupportedError` for a `stuns:` URL (libdatachannel has no STUN over TLS).
 * @internal
 */
export function resolveConfiguration(configuration: unknown): ResolvedConfiguration {
  const dict = toDictionary(configuration, 'RTCConfiguration');
  const bundlePolicy =
    dict.bundlePolicy === undefined
      ? 'balanced'
      : toEnum(
          dict.bundlePolicy,
          ['balanced', 'max-compat', 'max-bundle'] as const,
          'bundlePolicy',
        );
  const certificates =
    dict.certificates === undefined
      ? []
      : toSequence(dict.certificates, 'certificates').map((certificate) => {
          if (!(certificate instanceof RTCCertificate))
            throw new TypeError('certificates must hold RTCCertificate objects');
          return certificate;
        });
  const iceCandidatePoolSize =
    dict.iceCandidatePoolSize === undefined
      ? 0
      : toEnforcedUnsigned(dict.iceCandidatePoolSize, 255, 'iceCandidatePoolSize');
  const rawServers = dict.iceServers === undefined ? [] : toSequence(dict.iceServers, 'iceServers');
  const iceServers = rawServers.map((raw) => {
    const server = toDictionary(raw, 'RTCIceServer');
    if (server.urls === undefined) throw new TypeError('RTCIceServer.urls is required');
    const credential =
      server.credential === undefined ? undefined : toDOMString(server.credential, 'credential');
    const urls =
      typeof server.urls === 'object' && server.urls !== null
        ? toSequence(server.urls, 'RTCIceServer.urls').map((url) => toUSVString(url, 'url'))
        : [toUSVString(server.urls, 'RTCIceServer.urls')];
    const username =
      server.username === undefined ? undefined : toUSVString(server.username, 'username');
    return {
      urls,
      ...(username !== undefined && { username }),
      ...(credential !== undefined && { credential }),
    };
  });
  const iceTransportPolicy =
    dict.iceTransportPolicy === undefined
      ? 'all'
      : toEnum(dict.iceTransportPolicy, ['all', 'relay'] as const, 'iceTransportPolicy');
  const rtcpMuxPolicy =
    dict.rtcpMuxPolicy === undefined
      ? 'require'
      : toEnum(dict.rtcpMuxPolicy, ['require'] as const, 'rtcpMuxPolicy');
  // The spec's checks, after every member was converted.
  for (const server of iceServers) {
    if (server.urls.length === 0) throw domException('SyntaxError', 'RTCIceServer.urls is empty');
    for (const url of server.urls) {
      // rxdc's limit first: libdatachannel's own parse of a very long URL crashes the process.
      if (!isWithinStringLimit('iceServerUrl', url))
        throw domException('SyntaxError', `ICE server URL too long (${url.length} characters)`);
      const match = urlPattern.exec(url);
      if (!match)
        throw domException('SyntaxError', `not a STUN or TURN URL: ${JSON.stringify(url)}`);
      const port = match[3];
      if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
        throw domException('SyntaxError', `port out of range in ${JSON.stringify(url)}`);
      if (match[1] === 'stun' && match[4] !== undefined)
        throw domException('SyntaxError', `a stun: URL takes no transport: ${JSON.stringify(url)}`);
      if (match[1] === 'stuns')
        throw domException('NotSupportedError', `libdatachannel has no STUN over TLS: ${url}`);
      if (
        match[1]?.startsWith('turn') &&
        (server.username === undefined || server.credential === undefined)
      )
        throw domException(
          'InvalidAccessError',
          `a TURN server needs username and credential: ${url}`,
        );
    }
  }
  for (const certificate of certificates) {
    if (certificate.expires <= Date.now())
      throw domException('InvalidAccessError', 'an RTCCertificate in certificates has expired');
  }
  const resolved: ResolvedConfiguration = {
    iceServers,
    iceTransportPolicy,
    bundlePolicy,
    rtcpMuxPolicy,
    certificates,
    iceCandidatePoolSize,
  };
  // rxdc's extensions.
  if (dict.bindAddress !== undefined) {
    try {
      resolved.bindAddress = requireIpAddress(
        'bindAddress',
        toDOMString(dict.bindAddress, 'bindAddress'),
      );
    } catch (error) {
      throw error instanceof TypeError ? error : new TypeError(describeError(error));
    }
  }
  if (dict.portRangeBegin !== undefined)
    resolved.portRangeBegin = toEnforcedUnsigned(dict.portRangeBegin, 65535, 'portRangeBegin');
  if (dict.portRangeEnd !== undefined)
    resolved.portRangeEnd = toEnforcedUnsigned(dict.portRangeEnd, 65535, 'portRangeEnd');
  if (dict.maxMessageSize !== undefined)
    resolved.maxMessageSize = toEnforcedUnsigned(
      dict.maxMessageSize,
      2 ** 31 - 1,
      'maxMessageSize',
    );
  return resolved;
}

/** The configuration as node-datachannel's `RtcConfig` (every W3C offer/answer is explicit). @internal */
export function toNativeConfiguration(config: ResolvedConfiguration) {
  const iceServers: IceServer[] = [];
  for (const server of config.iceServers) {
    for (const url of server.urls) {
      const match = urlPattern.exec(url) as RegExpExecArray;
      const scheme = match[1] as string;
      const hostname = (match[2] as string).replace(/^\[|\]$/g, '');
      const tls = scheme === 'turns';
      const port = match[3] !== undefined ? Number(match[3]) : tls ? 5349 : 3478;
      if (scheme === 'stun') iceServers.push({ hostname, port });
      else {
        iceServers.push({
          hostname,
          port,
          username: server.username as string,
          password: server.credential as string,
          relayType: tls ? 'TurnTls' : match[4] === 'tcp' ? 'TurnTcp' : 'TurnUdp',
        });
      }
    }
  }
  const limit = receiveLimit(config.maxMessageSize);
  return {
    iceServers,
    iceTransportPolicy: config.iceTransportPolicy,
    disableAutoNegotiation: true,
    maxMessageSize: nativeMaxMessageSize(limit),
    ...(config.bindAddress !== undefined && { bindAddress: config.bindAddress }),
    ...(config.portRangeBegin !== undefined && { portRangeBegin: config.portRangeBegin }),
    ...(config.portRangeEnd !== undefined && { portRangeEnd: config.portRangeEnd }),
  };
}

/** What getConfiguration returns: a fresh copy. @internal */
export function configurationView(config: ResolvedConfiguration): RTCConfiguration {
  return {
    iceServers: config.iceServers.map((server) => ({ ...server, urls: [...server.urls] })),
    iceTransportPolicy: config.iceTransportPolicy,
    bundlePolicy: config.bundlePolicy,
    rtcpMuxPolicy: config.rtcpMuxPolicy,
    certificates: [...config.certificates],
    iceCandidatePoolSize: config.iceCandidatePoolSize,
    ...(config.bindAddress !== undefined && { bindAddress: config.bindAddress }),
    ...(config.portRangeBegin !== undefined && { portRangeBegin: config.portRangeBegin }),
    ...(config.portRangeEnd !== undefined && { portRangeEnd: config.portRangeEnd }),
    ...(config.maxMessageSize !== undefined && { maxMessageSize: config.maxMessageSize }),
  };
}
