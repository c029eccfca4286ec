import type { IceServer, NativeRtcConfig, ProxyServer } from '@rxdc/native';
import {
  checkMtu,
  describeValue,
  dropUndefined,
  nativeMaxMessageSize,
  RtcError,
  receiveLimit,
  refuseUnknownKeys,
  requireIceServerUrl,
  requireIpAddress,
  requireWholeNumber,
} from '@rxdc/native';
import type { HoldConfig } from './hold-config.js';

/**
 * The configuration of a {@link PeerConnection}: node-datachannel's `RtcConfig`, typed as it
 * really behaves. Every field is optional.
 *
 * @example
 * ```ts
 * import type { PeerConnectionConfig } from '@rxdc/core';
 * const config: PeerConnectionConfig = {
 *   iceServers: ['stun:stun.example.org:3478'],
 *   bindAddress: '127.0.0.1',
 *   portRangeBegin: 50000,
 *   portRangeEnd: 50100,
 * };
 * ```
 */
export interface PeerConnectionConfig {
  /**
   * What is held for a missing reader: messages per channel (default 16 MiB and 4,096) and
   * remote channels or tracks not yet taken (default 64). See {@link HoldConfig}.
   */
  hold?: HoldConfig;
  /** A name for logs. */
  name?: string;
  /**
   * The DTLS role this peer takes when it answers an offer that lets it choose (`a=setup:actpass`).
   *
   * Default `'server'` (`a=setup:passive`): the offerer then starts the DTLS handshake, once it
   * has the answer. As a client (`'client'`, libdatachannel's own choice) the answerer may send
   * its first DTLS packet before the offerer has applied the answer; libdatachannel drops it and
   * retransmits after a second, which stalls about one open in four (measured on loopback).
   */
  answerDtlsRole?: 'server' | 'client';
  /** STUN/TURN servers, as URLs (`stun:host:port`, `turn:user:pass@host`) or objects. Default none. */
  iceServers?: (string | IceServer)[];
  /** Gather candidates on this local address only (use `'127.0.0.1'` for loopback). */
  bindAddress?: string;
  /** Also gather TCP candidates. */
  enableIceTcp?: boolean;
  /** Share one UDP port between peer connections. */
  enableIceUdpMux?: boolean;
  /** Do not create offers and answers automatically: call `setLocalDescription` yourself. */
  disableAutoNegotiation?: boolean;
  /** Negotiate a media transport even without a track. */
  forceMediaTransport?: boolean;
  /** First local port to use (0 for any). */
  portRangeBegin?: number;
  /** Last local port to use (0 for any). */
  portRangeEnd?: number;
  /**
   * The largest message a data channel receives (and advertises in `a=max-message-size`), in
   * bytes (default 262,144). A larger message from a remote that ignores it is not delivered:
   * `MESSAGE_TOO_LARGE` on the channel's `error$` and `messages$`, and the channel closes.
   */
  maxMessageSize?: number;
  /**
   * The MTU, in bytes (0 for automatic, which is 1280). At most 4096: node-datachannel receives
   * datagrams of about 4 KiB at most, so with a larger MTU the connection opens but every
   * message that fills a larger packet is silently lost. 4096 suits loopback and jumbo-frame
   * networks; with it bulk transfers on loopback run about twice as fast.
   */
  mtu?: number;
  /** `'relay'` to use relayed candidates only. */
  iceTransportPolicy?: 'all' | 'relay';
  /** Skip the DTLS fingerprint check (testing only). */
  disableFingerprintVerification?: boolean;
  /** Do not start gathering candidates until a local description is set. */
  disableAutoGathering?: boolean;
  /** A proxy for TURN over TCP/TLS. */
  proxyServer?: ProxyServer;
  /** Your own DTLS certificate, as a PEM file. */
  certificatePemFile?: string;
  /** The key of `certificatePemFile`, as a PEM file. */
  keyPemFile?: string;
  /** The passphrase of `keyPemFile`. */
  keyPemPass?: string;
}

/** Every option of {@link PeerConnectionConfig}; the compiler keeps the list complete. */
const peerConnectionKeys = {
  hold: true,
  name: true,
  answerDtlsRole: true,
  iceServers: true,
  bindAddress: true,
  enableIceTcp: true,
  enableIceUdpMux: true,
  disableAutoNegotiation: true,
  forceMediaTransport: true,
  portRangeBegin: true,
  portRangeEnd: true,
  maxMessageSize: true,
  mtu: true,
  iceTransportPolicy: true,
  disableFingerprintVerification: true,
  disableAutoGathering: true,
  proxyServer: true,
  certificatePemFile: true,
  keyPemFile: true,
  keyPemPass: true,
} as const satisfies Record<keyof PeerConnectionConfig, true>;

/**
 * Checks a {@link PeerConnectionConfig} and turns it into what node-datachannel expects.
 *
 * @throws {@link RtcError} `INVALID_CONFIG`, naming the field and what is allowed.
 * @internal
 */
export function toNativeConfig(config: PeerConnectionConfig): NativeRtcConfig {
  if (typeof config !== 'object' || config === null) {
    throw new RtcError(
      'INVALID_CONFIG',
      `PeerConnection config must be an object, got ${describeValue(config)}`,
    );
  }
  refuseUnknownKeys('PeerConnection config', config, peerConnectionKeys);
  const { name: _name, answerDtlsRole, iceServers = [], ...rest } = config;
  if (answerDtlsRole !== undefined && answerDtlsRole !== 'server' && answerDtlsRole !== 'client') {
    throw new RtcError(
      'INVALID_CONFIG',
      `answerDtlsRole must be 'server' or 'client', got ${JSON.stringify(answerDtlsRole)}`,
    );
  }
  if (!Array.isArray(iceServers))
    throw new RtcError('INVALID_CONFIG', 'iceServers must be an array');
  for (const server of iceServers) {
    if (typeof server === 'string') requireIceServerUrl(server);
    else if (
      typeof server === 'object' &&
      server !== null &&
      typeof server.hostname === 'string' &&
      server.hostname
    ) {
      requireWholeNumber('ICE server port', server.port, 1, 65535);
    } else {
      throw new RtcError(
        'INVALID_CONFIG',
        `an ICE server must be a URL string or { hostname, port }, got ${describeValue(server)}`,
      );
    }
  }
  if (rest.bindAddress !== undefined) requireIpAddress('bindAddress', rest.bindAddress);
  const begin =
    rest.portRangeBegin === undefined
      ? 0
      : requireWholeNumber('portRangeBegin', rest.portRangeBegin, 0, 65535);
  const end =
    rest.portRangeEnd === undefined
      ? 0
      : requireWholeNumber('portRangeEnd', rest.portRangeEnd, 0, 65535);
  if (begin > 0 && end > 0 && begin > end) {
    throw new RtcError(
      'INVALID_CONFIG',
      `port range is empty: portRangeBegin ${begin} is above portRangeEnd ${end}`,
    );
  }
  if (rest.maxMessageSize !== undefined)
    requireWholeNumber('maxMessageSize', rest.maxMessageSize, 0);
  // The MTU limit is @rxdc/native's: node-datachannel loses every message above it.
  checkMtu(rest.mtu);
  if (
    rest.iceTransportPolicy !== undefined &&
    rest.iceTransportPolicy !== 'all' &&
    rest.iceTransportPolicy !== 'relay'
  ) {
    throw new RtcError(
      'INVALID_CONFIG',
      `iceTransportPolicy must be 'all' or 'relay', got ${JSON.stringify(rest.iceTransportPolicy)}`,
    );
  }
  // One byte above the receive limit: see @rxdc/native's size check.
  return dropUndefined({
    ...rest,
    iceServers,
    maxMessageSize: nativeMaxMessageSize(receiveLimit(rest.maxMessageSize)),
  });
}
