import {
  callNative,
  checkRemoteDescription,
  describeError,
  type NativeDataChannel,
  NativePeerConnectionClass,
  PeerLifetime,
  RtcError,
  reportUnhandled,
  sdpWithoutCandidates,
} from '@rxdc/native';
import { RTCIceCandidate, type RTCIceCandidateInit } from '../candidate/rtc-ice-candidate.js';
import { generateCertificate, type RTCCertificate } from '../certificate/rtc-certificate.js';
import {
  type RTCDataChannelInit,
  resolveDataChannelInit,
  toNativeDataChannelInit,
} from '../channel/data-channel-init.js';
import { type DataChannelOwner, RTCDataChannel } from '../channel/rtc-data-channel.js';
import {
  type RTCSdpType,
  RTCSessionDescription,
  type RTCSessionDescriptionInit,
  sdpTypes,
} from '../description/rtc-session-description.js';
import { closedError, domException, fromNativeError } from '../errors/dom-exceptions.js';
import { defineEventHandlers } from '../events/event-handler-attributes.js';
import { RTCDataChannelEvent } from '../events/rtc-data-channel-event.js';
import { RTCPeerConnectionIceEvent } from '../events/rtc-peer-connection-ice-event.js';
import { RTCDtlsTransport } from '../transport/rtc-dtls-transport.js';
import { type RTCIceGathererState, RTCIceTransport } from '../transport/rtc-ice-transport.js';
import { RTCSctpTransport } from '../transport/rtc-sctp-transport.js';
import { toDictionary, toDOMString, toEnum, toUnsignedInteger } from '../webidl/convert.js';
import { OperationsChain } from './operations-chain.js';
import {
  configurationView,
  type ResolvedConfiguration,
  type RTCConfiguration,
  resolveConfiguration,
  toNativeConfiguration,
} from './rtc-configuration.js';
import { type RTCStatsReport, StatsReport } from './stats.js';

/**
 * The signaling state (WebRTC 1.0 `RTCSignalingState`).
 *
 * @example
 * ```ts
 * import type { RTCSignalingState } from '@rxdc/webrtc';
 * const state: RTCSignalingState = 'have-local-offer';
 * ```
 */
export type RTCSignalingState =
  | 'stable'
  | 'have-local-offer'
  | 'have-remote-offer'
  | 'have-local-pranswer'
  | 'have-remote-pranswer'
  | 'closed';

/**
 * The connection state (WebRTC 1.0 `RTCPeerConnectionState`).
 *
 * @example
 * ```ts
 * import type { RTCPeerConnectionState } from '@rxdc/webrtc';
 * const state: RTCPeerConnectionState = 'connected';
 * ```
 */
export type RTCPeerConnectionState =
  | 'new'
  | 'connecting'
  | 'connected'
  | 'disconnected'
  | 'failed'
  | 'closed';

/**
 * The ICE connection state (WebRTC 1.0 `RTCIceConnectionState`).
 *
 * @example
 * ```ts
 * import type { RTCIceConnectionState } from '@rxdc/webrtc';
 * const state: RTCIceConnectionState = 'checking';
 * ```
 */
export type RTCIceConnectionState =
  | 'new'
  | 'checking'
  | 'connected'
  | 'completed'
  | 'disconnected'
  | 'failed'
  | 'closed';

/**
 * The argument of `setLocalDescription` (WebRTC 1.0 `RTCLocalSessionDescriptionInit`): the
 * type may be left out (then an offer or answer is created as the state requires).
 *
 * @example
 * ```ts
 * import type { RTCLocalSessionDescriptionInit } from '@rxdc/webrtc';
 * const rollback: RTCLocalSessionDescriptionInit = { type: 'rollback' };
 * ```
 */
export interface RTCLocalSessionDescriptionInit {
  /** offer, answer, pranswer or rollback; left out for "whatever the state needs". */
  type?: RTCSdpType;
  /** The SDP created by createOffer or createAnswer ('' for the last one created). */
  sdp?: string;
}

/**
 * The options of createOffer (WebRTC 1.0 `RTCOfferOptions`).
 *
 * @example
 * ```ts
 * import type { RTCOfferOptions } from '@rxdc/webrtc';
 * const options: RTCOfferOptions = { iceRestart: false };
 * ```
 */
export interface RTCOfferOptions {
  /** Ask for new ICE credentials (libdatachannel cannot restart ICE: see README). */
  iceRestart?: boolean;
  /** Legacy: accepted and ignored (no media without a MediaStreamTrack). */
  offerToReceiveAudio?: boolean;
  /** Legacy: accepted and ignored. */
  offerToReceiveVideo?: boolean;
}

const gatheringStates: Record<string, RTCIceGathererState> = {
  new: 'new',
  'in-progress': 'gathering',
  gathering: 'gathering',
  complete: 'complete',
};

const hasMedia = (sdp: string): boolean => /^m=/m.test(sdp);
const hasApplication = (sdp: string | undefined): boolean =>
  sdp !== undefined && /^m=application /m.test(sdp);
const midsOf = (sdp: string): string[] =>
  sdp
    .split(/^m=/m)
    .slice(1)
    .map((section) => /^a=mid:(\S+)/m.exec(section)?.[1] ?? '');

/** The candidates surfaced so far, written into the m-section of their mid. */
function withSurfaced(sdp: string, lines: ReadonlyArray<{ mid: string; line: string }>): string {
  if (lines.length === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const sections = sdp.split(/(?=^m=)/m);
  return sections
    .map((section, index) => {
      if (index === 0) return section;
      const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
      const mine = lines.filter((l) => l.mid === mid || (l.mid === '' && index === 1));
      if (mine.length === 0) return section;
      const body = section.endsWith(eol) ? section : section + eol;
      return body + mine.map((l) => l.line + eol).join('');
    })
    .join('');
}

/** A session description with no media: the offer of a connection with nothing to negotiate. */
function emptyDescription(sessionId: string): string {
  return `v=0\r\no=- ${sessionId} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n`;
}

const report = (error: unknown): void => reportUnhandled(error);

/**
 * WebRTC 1.0's RTCPeerConnection for Node, on @rxdc/native's PeerLifetime: the algorithms'
 * order of state changes and events, the operations chain, WebIDL argument conversions and the
 * exceptions the spec names. Nothing a listener throws reaches native code, nothing it does
 * aborts the process, and the process exits once every connection is closed.
 *
 * Differences from a browser (libdatachannel cannot do otherwise) are listed in the README;
 * the main one: createOffer and createAnswer apply the description natively at once (the W3C
 * signaling state still changes only with setLocalDescription).
 *
 * @example
 * ```ts
 * import { RTCPeerConnection } from '@rxdc/webrtc';
 * const a = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
 * const b = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
 * a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate);
 * b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate);
 * b.ondatachannel = ({ channel }) => (channel.onmessage = ({ data }) => console.log(data));
 * const channel = a.createDataChannel('chat');
 * channel.onopen = () => channel.send('hello');
 * await a.setLocalDescription();
 * await b.setRemoteDescription(a.localDescription!);
 * await b.setLocalDescription();
 * await a.setRemoteDescription(b.localDescription!);
 * ```
 */
export class RTCPeerConnection extends EventTarget {
  /** Called for each `negotiationneeded` event. */
  declare onnegotiationneeded: ((this: RTCPeerConnection, event: Event) => unknown) | null;
  /** Called for each `icecandidate` event. */
  declare onicecandidate:
    | ((this: RTCPeerConnection, event: RTCPeerConnectionIceEvent) => unknown)
    | null;
  /** Called for each `icecandidateerror` event (libdatachannel reports none). */
  declare onicecandidateerror: ((this: RTCPeerConnection, event: Event) => unknown) | null;
  /** Called for each `signalingstatechange` event. */
  declare onsignalingstatechange: ((this: RTCPeerConnection, event: Event) => unknown) | null;
  /** Called for each `iceconnectionstatechange` event. */
  declare oniceconnectionstatechange: ((this: RTCPeerConnection, event: Event) => unknown) | null;
  /** Called for each `icegatheringstatechange` event. */
  declare onicegatheringstatechange: ((this: RTCPeerConnection, event: Event) => unknown) | null;
  /** Called for each `connectionstatechange` event. */
  declare onconnectionstatechange: ((this: RTCPeerConnection, event: Event) => unknown) | null;
  /** Called for each `datachannel` event. */
  declare ondatachannel: ((this: RTCPeerConnection, event: RTCDataChannelEvent) => unknown) | null;
  /** Called for each `track` event (never: media is out of scope, see README). */
  declare ontrack: ((this: RTCPeerConnection, event: Event) => unknown) | null;
  readonly #lifetime: PeerLifetime;
  #config: ResolvedConfiguration;
  readonly #chain: OperationsChain;
  readonly #channels = new Set<RTCDataChannel>();
  readonly #iceTransport: RTCIceTransport;
  readonly #dtlsTransport: RTCDtlsTransport;
  #sctp: RTCSctpTransport | null = null;
  #isClosed = false;
  /** The native connection closed by itself (the remote side closed it): nothing more can be negotiated. */
  #nativeGone = false;
  #signalingState: RTCSignalingState = 'stable';
  #connectionState: RTCPeerConnectionState = 'new';
  #iceConnectionState: RTCIceConnectionState = 'new';
  #iceGatheringState: RTCIceGathererState = 'new';
  #currentLocal: RTCSessionDescription | null = null;
  #pendingLocal: RTCSessionDescription | null = null;
  #currentRemote: RTCSessionDescription | null = null;
  #pendingRemote: RTCSessionDescription | null = null;
  #lastCreatedOffer = '';
  #lastCreatedAnswer = '';
  /** The last offer created had no media (nothing to negotiate): it exists only here, not natively. */
  #emptyOfferCreated = false;
  /** Candidates released by native before the W3C local description was set. */
  #heldCandidates: Array<{ candidate: string; mid: string }> = [];
  #gatheringCompletePending = false;
  #negotiationNeeded = false;
  #updateNegotiationOnEmptyChain = false;
  #dataChannelCreated = false;
  #isOfferer: boolean | null = null;
  readonly #sessionId = String(Math.floor(Math.random() * 2 ** 52));
  #channelsOpened = 0;
  #channelsClosed = 0;
  readonly #channelOwner: DataChannelOwner;
  /** Candidate lines surfaced by icecandidate events, added to the local descriptions. */
  readonly #surfaced: Array<{ mid: string; line: string }> = [];
  readonly #surfacedCache = new WeakMap<
    RTCSessionDescription,
    { count: number; value: RTCSessionDescription }
  >();
  /** createOffer/createAnswer waiting for libdatachannel's local description callback. */
  readonly #localDescriptionWaiters: Array<{
    resolve: (description: { sdp: string; type: string }) => void;
    reject: (error: Error) => void;
  }> = [];

  /**
   * Creates a connection. rxdc's extensions `bindAddress` (`'127.0.0.1'` keeps to loopback),
   * `portRangeBegin`, `portRangeEnd` and `maxMessageSize` may be given beside the W3C members.
   *
   * @throws TypeError, `SyntaxError`, `InvalidAccessError`, `NotSupportedError` for a wrong
   * configuration (see README).
   */
  constructor(configuration: RTCConfiguration = {}) {
    super();
    const config = resolveConfiguration(configuration);
    this.#config = config;
    const pc = callNative(
      'INVALID_CONFIG',
      'invalid RTCConfiguration',
      () => new NativePeerConnectionClass('RTCPeerConnection', toNativeConfiguration(config)),
    );
    this.#iceTransport = RTCIceTransport.create({
      role: () =>
        this.#isOfferer === null ? 'unknown' : this.#isOfferer ? 'controlling' : 'controlled',
      selectedPair: () => this.#native((n) => n.getSelectedCandidatePair(), null),
      localSdp: () => this.localDescription?.sdp ?? null,
      remoteSdp: () => this.remoteDescription?.sdp ?? null,
    });
    this.#dtlsTransport = RTCDtlsTransport.create(this.#iceTransport);
    this.#chain = new OperationsChain(
      () => this.#isClosed,
      () => {
        if (!this.#updateNegotiationOnEmptyChain) return;
        this.#updateNegotiationOnEmptyChain = false;
        this.#updateNegotiationNeeded();
      },
    );
    this.#lifetime = new PeerLifetime(
      pc,
      {
        localDescription: (sdp, type) => {
          const waiting = this.#localDescriptionWaiters.splice(0);
          for (const waiter of waiting) waiter.resolve({ sdp, type: type.toLowerCase() });
        },
        localCandidate: (candidate, mid) => this.#handleLocalCandidate(candidate, mid),
        iceState: (state) => this.#handleIceState(state),
        signalingState: () => {
          // The W3C signaling state is this object's own: libdatachannel applies offers and
          // answers when they are created (see createOffer).
        },
        gatheringState: (state) => this.#handleGatheringState(state),
        dataChannel: (native) => this.#handleIncomingChannel(native),
        track: (track) => {
          // Media is out of scope (no MediaStreamTrack in Node): close it, do not hold it.
          try {
            track.close();
          } catch {
            // already closed
          }
        },
        state: (state) => this.#handleState(state),
        closing: () => {},
        closed: () => this.#handleNativeClosed(),
      },
      report,
      // The answerer takes the DTLS server role, so that the offerer starts the handshake once
      // it has the answer (native's rule; without it about one open in four stalls a second).
      { maxMessageSize: config.maxMessageSize ?? null, answerAsDtlsServer: true },
    );
    const receiveLimit = this.#lifetime.receiveLimit;
    this.#channelOwner = {
      receiveLimit,
      maxMessageSize: () => this.#maxMessageSize(),
      report,
    };
  }

  /** libdatachannel cannot use a certificate made here: rejects with `NotSupportedError`. */
  static generateCertificate(keygenAlgorithm: string | { name: string }): Promise<RTCCertificate> {
    return generateCertificate(keygenAlgorithm);
  }

  // ---- attributes ----

  /** The pending local description if any, else the current one, else null. */
  get localDescription(): RTCSessionDescription | null {
    return this.#surface(this.#pendingLocal ?? this.#currentLocal);
  }
  /** The local description of the last completed negotiation, or null. */
  get currentLocalDescription(): RTCSessionDescription | null {
    return this.#surface(this.#currentLocal);
  }
  /** The local description of the negotiation in progress, or null. */
  get pendingLocalDescription(): RTCSessionDescription | null {
    return this.#surface(this.#pendingLocal);
  }

  /** A local description with the candidates surfaced so far (as a browser's). */
  #surface(description: RTCSessionDescription | null): RTCSessionDescription | null {
    if (description === null || this.#surfaced.length === 0) return description;
    const cached = this.#surfacedCache.get(description);
    if (cached?.count === this.#surfaced.length) return cached.value;
    const value = new RTCSessionDescription({
      type: description.type,
      sdp: withSurfaced(description.sdp, this.#surfaced),
    });
    this.#surfacedCache.set(description, { count: this.#surfaced.length, value });
    return value;
  }
  /** The pending remote description if any, else the current one, else null. */
  get remoteDescription(): RTCSessionDescription | null {
    return this.#pendingRemote ?? this.#currentRemote;
  }
  /** The remote description of the last completed negotiation, or null. */
  get currentRemoteDescription(): RTCSessionDescription | null {
    return this.#currentRemote;
  }
  /** The remote description of the negotiation in progress, or null. */
  get pendingRemoteDescription(): RTCSessionDescription | null {
    return this.#pendingRemote;
  }
  /** The signaling state. */
  get signalingState(): RTCSignalingState {
    return this.#signalingState;
  }
  /** The ICE gathering state. */
  get iceGatheringState(): RTCIceGathererState {
    return this.#iceGatheringState;
  }
  /** The ICE connection state. */
  get iceConnectionState(): RTCIceConnectionState {
    return this.#iceConnectionState;
  }
  /** The connection state. */
  get connectionState(): RTCPeerConnectionState {
    return this.#connectionState;
  }
  /** Whether the remote side trickles candidates: null before a remote description, then true. */
  get canTrickleIceCandidates(): boolean | null {
    const remote = this.remoteDescription;
    if (remote === null) return null;
    return /^a=ice-options:.*\btrickle\b/m.test(remote.sdp);
  }
  /** The SCTP transport of the data channels, or null until negotiated. */
  get sctp(): RTCSctpTransport | null {
    return this.#sctp;
  }

  // ---- methods ----

  /**
   * Creates an offer: resolves with a plain, mutable `{ type: 'offer', sdp }`.
   *
   * @returns rejects with `InvalidStateError` when closed or in a state that cannot offer.
   */
  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    try {
      toDictionary(options, 'RTCOfferOptions');
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#isClosed) return Promise.reject(closedError('createOffer'));
    return this.#chain.chain(async () => ({
      type: 'offer' as const,
      sdp: await this.#createOffer(),
    }));
  }

  /**
   * Creates an answer to the remote offer: resolves with a plain, mutable `{ type: 'answer', sdp }`.
   *
   * @returns rejects with `InvalidStateError` when closed or without a remote offer.
   */
  createAnswer(options?: Record<string, never>): Promise<RTCSessionDescriptionInit> {
    try {
      toDictionary(options, 'RTCAnswerOptions');
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#isClosed) return Promise.reject(closedError('createAnswer'));
    return this.#chain.chain(async () => ({
      type: 'answer' as const,
      sdp: await this.#createAnswer(),
    }));
  }

  /**
   * Applies a local description; without one (or without its type) creates the offer or answer
   * the signaling state needs first (perfect negotiation).
   *
   * @returns rejects with `InvalidStateError` (closed, wrong state), `InvalidModificationError`
   * (an SDP that is not the one created), `TypeError` (a wrong type).
   */
  setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void> {
    let type: RTCSdpType | undefined;
    let sdp: string;
    try {
      const dict = toDictionary(description, 'RTCLocalSessionDescriptionInit');
      sdp = dict.sdp === undefined ? '' : toDOMString(dict.sdp, 'sdp');
      type = dict.type === undefined ? undefined : toEnum(dict.type, sdpTypes, 'type');
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#isClosed) return Promise.reject(closedError('setLocalDescription'));
    return this.#chain.chain(() => this.#setLocalDescription(type, sdp));
  }

  /**
   * Applies the remote side's description. An offer in `have-local-offer` rolls the local offer
   * back first (perfect negotiation's polite peer).
   *
   * @returns rejects with `InvalidStateError` (closed, wrong state), `TypeError` (a wrong
   * type), an `RTCError` `sdp-syntax-error` (SDP libdatachannel rejects).
   */
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    let type: RTCSdpType;
    let sdp: string;
    try {
      // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually given
      if (arguments.length < 1) throw new TypeError('setRemoteDescription: 1 argument required');
      const dict = toDictionary(description, 'RTCSessionDescriptionInit');
      sdp = dict.sdp === undefined ? '' : toDOMString(dict.sdp, 'sdp');
      if (dict.type === undefined)
        throw new TypeError('RTCSessionDescriptionInit.type is required');
      type = toEnum(dict.type, sdpTypes, 'type');
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#isClosed) return Promise.reject(closedError('setRemoteDescription'));
    return this.#chain.chain(() => this.#setRemoteDescription(type, sdp));
  }

  /**
   * Adds a remote candidate; an empty `candidate` marks the end of the remote candidates.
   *
   * @returns rejects with `TypeError` (neither sdpMid nor sdpMLineIndex), `InvalidStateError`
   * (closed, no remote description), `OperationError` (no such m-line, wrong ufrag, a candidate
   * libdatachannel rejects).
   */
  addIceCandidate(candidate?: RTCIceCandidateInit | RTCIceCandidate | null): Promise<void> {
    let init: {
      candidate: string;
      sdpMid: string | null;
      sdpMLineIndex: number | null;
      ufrag: string | null;
    };
    try {
      const dict = toDictionary(candidate, 'RTCIceCandidateInit');
      init = {
        candidate: dict.candidate === undefined ? '' : toDOMString(dict.candidate, 'candidate'),
        sdpMid:
          dict.sdpMid === undefined || dict.sdpMid === null
            ? null
            : toDOMString(dict.sdpMid, 'sdpMid'),
        sdpMLineIndex:
          dict.sdpMLineIndex === undefined || dict.sdpMLineIndex === null
            ? null
            : toUnsignedInteger(dict.sdpMLineIndex, 16, 'sdpMLineIndex'),
        ufrag:
          dict.usernameFragment === undefined || dict.usernameFragment === null
            ? null
            : toDOMString(dict.usernameFragment, 'usernameFragment'),
      };
      if (init.candidate !== '' && init.sdpMid === null && init.sdpMLineIndex === null)
        throw new TypeError('addIceCandidate: sdpMid and sdpMLineIndex are both null');
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#isClosed) return Promise.reject(closedError('addIceCandidate'));
    return this.#chain.chain(() => this.#addIceCandidate(init));
  }

  /**
   * Asks for an ICE restart at the next offer. libdatachannel cannot restart ICE: the next offer
   * keeps the same credentials (see README).
   */
  restartIce(): void {
    // Nothing to mark: libdatachannel keeps its ICE credentials for the connection's life.
  }

  /** The configuration in use (a copy). */
  getConfiguration(): RTCConfiguration {
    return configurationView(this.#config);
  }

  /**
   * Changes the configuration. libdatachannel fixes ICE servers and policy when the
   * connection is created: new ones are kept and reported, and take effect on no live
   * connection (see README).
   *
   * @throws `InvalidStateError` when closed, `InvalidModificationError` when changing what
   * the spec forbids (certificates, bundlePolicy, rtcpMuxPolicy, iceCandidatePoolSize after a
   * local description), and the constructor's errors.
   */
  setConfiguration(configuration: RTCConfiguration = {}): void {
    if (this.#isClosed) throw closedError('setConfiguration');
    const next = resolveConfiguration(configuration);
    const before = this.#config;
    const sameCertificates =
      next.certificates.length === 0 ||
      (next.certificates.length === before.certificates.length &&
        next.certificates.every((c, i) => c === before.certificates[i]));
    if (!sameCertificates)
      throw domException(
        'InvalidModificationError',
        'setConfiguration: certificates cannot change',
      );
    if (next.bundlePolicy !== before.bundlePolicy)
      throw domException(
        'InvalidModificationError',
        'setConfiguration: bundlePolicy cannot change',
      );
    if (next.rtcpMuxPolicy !== before.rtcpMuxPolicy)
      throw domException(
        'InvalidModificationError',
        'setConfiguration: rtcpMuxPolicy cannot change',
      );
    if (next.iceCandidatePoolSize !== before.iceCandidatePoolSize && this.localDescription !== null)
      throw domException(
        'InvalidModificationError',
        'setConfiguration: iceCandidatePoolSize cannot change after a local description',
      );
    this.#config = { ...next, certificates: before.certificates };
  }

  /**
   * Creates a data channel. The first one fires `negotiationneeded`.
   *
   * @throws `InvalidStateError` when closed; `TypeError` for every wrong option the spec
   * names; `OperationError` for an id already in use or libdatachannel's refusal.
   */
  createDataChannel(label: string, dataChannelDict: RTCDataChannelInit = {}): RTCDataChannel {
    // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually given
    if (arguments.length < 1) throw new TypeError('createDataChannel: 1 argument required');
    const init = resolveDataChannelInit(label, dataChannelDict);
    if (this.#isClosed) throw closedError('createDataChannel');
    if (init.id !== null) {
      for (const channel of this.#channels) {
        if (channel.id === init.id && channel.readyState !== 'closed')
          throw domException('OperationError', `createDataChannel: id ${init.id} is in use`);
      }
      const max = this.#sctp?.maxChannels;
      if (typeof max === 'number' && init.id >= max)
        throw domException(
          'OperationError',
          `createDataChannel: id ${init.id} is above maxChannels`,
        );
    }
    if (this.#nativeGone)
      throw domException(
        'OperationError',
        'createDataChannel: the connection was closed by the remote side',
      );
    let native: NativeDataChannel;
    try {
      native = this.#lifetime.native.createDataChannel(init.label, toNativeDataChannelInit(init));
    } catch (error) {
      throw fromNativeError(error, 'createDataChannel');
    }
    const channel = this.#adoptChannel(native, init, false);
    if (!this.#dataChannelCreated) {
      this.#dataChannelCreated = true;
      this.#updateNegotiationNeeded();
    }
    return channel;
  }

  /**
   * The statistics libdatachannel exposes: `peer-connection`, one `data-channel` per channel,
   * `transport`, and once connected `candidate-pair`, `local-candidate`, `remote-candidate`.
   *
   * @returns rejects with `TypeError` for a selector other than null (no MediaStreamTrack here).
   */
  getStats(selector: null = null): Promise<RTCStatsReport> {
    if (selector !== null && selector !== undefined)
      return Promise.reject(
        new TypeError('getStats: the selector must be a MediaStreamTrack or null'),
      );
    return Promise.resolve(this.#buildStats());
  }

  /** Closes the connection and every data channel at once, without events (WebRTC 1.0 "close the connection"). */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#signalingState = 'closed';
    for (const channel of this.#channels) channel.closeWithPeer();
    this.#sctp?.setState('closed', false);
    this.#dtlsTransport.setState('closed', false);
    this.#iceTransport.setState('closed', false);
    this.#iceConnectionState = 'closed';
    this.#connectionState = 'closed';
    this.#heldCandidates = [];
    this.#lifetime.close();
  }

  // ---- negotiation ----

  async #createOffer(): Promise<string> {
    this.#requireUsable('createOffer');
    if (this.#signalingState !== 'stable' && this.#signalingState !== 'have-local-offer')
      throw domException(
        'InvalidStateError',
        `createOffer: signaling state is ${this.#signalingState}`,
      );
    const nativeState = this.#lifetime.native.signalingState();
    if (
      nativeState === 'have-local-offer' &&
      this.#lastCreatedOffer !== '' &&
      !this.#emptyOfferCreated
    )
      return this.#lastCreatedOffer;
    if (nativeState !== 'have-local-offer') {
      try {
        const described = this.#nextLocalDescription();
        this.#lifetime.setLocalDescription('offer');
        // Resolve once libdatachannel's description callback ran: @rxdc/native releases the
        // local candidates in the order description, then answer.
        const { sdp } = await described;
        this.#emptyOfferCreated = false;
        this.#lastCreatedOffer = sdpWithoutCandidates(sdp);
        return this.#lastCreatedOffer;
      } catch (error) {
        if (error instanceof RtcError && error.code === 'NOTHING_TO_NEGOTIATE') {
          // Nothing to negotiate: libdatachannel cannot make an offer without media; the
          // offer is a session with no m-line, kept here (see README).
          this.#emptyOfferCreated = true;
          this.#lastCreatedOffer = emptyDescription(this.#sessionId);
          return this.#lastCreatedOffer;
        }
        throw fromNativeError(error, 'createOffer');
      }
    }
    const sdp = this.#lifetime.localDescription()?.sdp;
    if (sdp === undefined)
      throw domException('OperationError', 'createOffer: no local description');
    this.#emptyOfferCreated = false;
    // A created description carries no candidates (WebRTC 1.0: icecandidate events surface them).
    this.#lastCreatedOffer = sdpWithoutCandidates(sdp);
    return this.#lastCreatedOffer;
  }

  async #createAnswer(): Promise<string> {
    this.#requireUsable('createAnswer');
    if (
      this.#signalingState !== 'have-remote-offer' &&
      this.#signalingState !== 'have-local-pranswer'
    )
      throw domException(
        'InvalidStateError',
        `createAnswer: signaling state is ${this.#signalingState}`,
      );
    const remote = this.#pendingRemote as RTCSessionDescription;
    if (!hasMedia(remote.sdp)) {
      this.#lastCreatedAnswer = emptyDescription(this.#sessionId);
      return this.#lastCreatedAnswer;
    }
    const nativeState = this.#lifetime.native.signalingState();
    if (nativeState === 'have-remote-offer') {
      const described = this.#nextLocalDescription();
      try {
        this.#lifetime.setLocalDescription('answer');
      } catch (error) {
        throw fromNativeError(error, 'createAnswer');
      }
      const { sdp } = await described;
      this.#lastCreatedAnswer = sdpWithoutCandidates(sdp);
      return this.#lastCreatedAnswer;
    }
    if (this.#lastCreatedAnswer !== '') return this.#lastCreatedAnswer;
    const local = this.#lifetime.localDescription();
    if (local === null || local.type !== 'answer')
      throw domException('OperationError', 'createAnswer: libdatachannel produced no answer');
    this.#lastCreatedAnswer = sdpWithoutCandidates(local.sdp);
    return this.#lastCreatedAnswer;
  }

  #nextLocalDescription(): Promise<{ sdp: string; type: string }> {
    return new Promise((resolve, reject) =>
      this.#localDescriptionWaiters.push({ resolve, reject }),
    );
  }

  async #setLocalDescription(type: RTCSdpType | undefined, sdp: string): Promise<void> {
    this.#requireUsable('setLocalDescription');
    if (type === undefined) {
      // Perfect negotiation: create what the state needs, then apply it.
      const answering =
        this.#signalingState === 'have-remote-offer' ||
        this.#signalingState === 'have-local-pranswer';
      if (answering) this.#applyLocal('answer', await this.#createAnswer());
      else this.#applyLocal('offer', await this.#createOffer());
      return;
    }
    if (type === 'rollback') {
      if (
        this.#signalingState !== 'have-local-offer' &&
        this.#signalingState !== 'have-local-pranswer'
      )
        throw domException(
          'InvalidStateError',
          `setLocalDescription(rollback): signaling state is ${this.#signalingState}`,
        );
      if (this.#lifetime.native.signalingState() === 'have-local-offer') {
        try {
          this.#lifetime.setLocalDescription('rollback');
        } catch (error) {
          throw fromNativeError(error, 'setLocalDescription(rollback)');
        }
      }
      this.#pendingLocal = null;
      this.#setSignalingState('stable');
      this.#updateNegotiationNeeded();
      return;
    }
    if (type === 'offer') {
      if (this.#signalingState !== 'stable' && this.#signalingState !== 'have-local-offer')
        throw domException(
          'InvalidStateError',
          `setLocalDescription(offer): signaling state is ${this.#signalingState}`,
        );
      const offer = sdp === '' ? this.#lastCreatedOffer : sdpWithoutCandidates(sdp);
      if (offer === '' || offer !== this.#lastCreatedOffer)
        throw domException(
          'InvalidModificationError',
          'setLocalDescription: the offer is not the one createOffer made (SDP munging is not supported)',
        );
      if (!this.#emptyOfferCreated && this.#lifetime.native.signalingState() !== 'have-local-offer')
        throw domException(
          'InvalidModificationError',
          'setLocalDescription: this offer was rolled back; create a new one',
        );
      this.#applyLocal('offer', offer);
      return;
    }
    if (
      this.#signalingState !== 'have-remote-offer' &&
      this.#signalingState !== 'have-local-pranswer'
    )
      throw domException(
        'InvalidStateError',
        `setLocalDescription(${type}): signaling state is ${this.#signalingState}`,
      );
    const answer = sdp === '' ? this.#lastCreatedAnswer : sdpWithoutCandidates(sdp);
    if (answer === '' || answer !== this.#lastCreatedAnswer)
      throw domException(
        'InvalidModificationError',
        `setLocalDescription: the ${type} is not the one createAnswer made (SDP munging is not supported)`,
      );
    this.#applyLocal(type, answer);
  }

  /** The W3C side of applying a local description (libdatachannel applied it when it was created). */
  #applyLocal(type: 'offer' | 'answer' | 'pranswer', sdp: string): void {
    const description = new RTCSessionDescription({ type, sdp });
    if (type === 'offer') {
      this.#isOfferer ??= true;
      this.#pendingLocal = description;
      this.#setSignalingState('have-local-offer');
    } else if (type === 'pranswer') {
      this.#pendingLocal = description;
      this.#setSignalingState('have-local-pranswer');
    } else {
      this.#isOfferer ??= false;
      this.#currentLocal = description;
      this.#currentRemote = this.#pendingRemote;
      this.#pendingLocal = null;
      this.#pendingRemote = null;
      this.#ensureSctp(sdp);
      this.#setSignalingState('stable');
    }
    this.#releaseHeldCandidates();
    if (type === 'answer') this.#afterStable();
  }

  #setRemoteDescription(type: RTCSdpType, sdp: string): void {
    this.#requireUsable('setRemoteDescription');
    const state = this.#signalingState;
    if (type === 'rollback') {
      if (state !== 'have-remote-offer' && state !== 'have-remote-pranswer')
        throw domException(
          'InvalidStateError',
          `setRemoteDescription(rollback): signaling state is ${state}`,
        );
      const nativeState = this.#lifetime.native.signalingState();
      if (nativeState === 'have-remote-offer') {
        this.#nativeRemote('', 'rollback');
      } else if (hasMedia(this.#pendingRemote?.sdp ?? '') && nativeState === 'stable') {
        throw domException(
          'OperationError',
          'setRemoteDescription(rollback): libdatachannel applied the answer when createAnswer made it; it cannot be rolled back',
        );
      }
      this.#pendingRemote = null;
      this.#setSignalingState('stable');
      this.#updateNegotiationNeeded();
      return;
    }
    if (type === 'offer' && state !== 'stable' && state !== 'have-local-offer')
      throw domException(
        'InvalidStateError',
        `setRemoteDescription(offer): signaling state is ${state}`,
      );
    if (
      (type === 'answer' || type === 'pranswer') &&
      state !== 'have-local-offer' &&
      state !== 'have-remote-pranswer'
    )
      throw domException(
        'InvalidStateError',
        `setRemoteDescription(${type}): signaling state is ${state}`,
      );
    try {
      // @rxdc/native's checks, also for a description without media that stays on this side.
      checkRemoteDescription({ sdp, type });
    } catch (error) {
      throw fromNativeError(error, 'setRemoteDescription');
    }
    const media = hasMedia(sdp);
    if (type === 'offer') {
      if (media) this.#nativeRemote(sdp, 'offer');
      else if (this.#lifetime.native.signalingState() === 'have-local-offer') {
        try {
          this.#lifetime.setLocalDescription('rollback');
        } catch (error) {
          throw fromNativeError(error, 'setRemoteDescription');
        }
      }
      if (state === 'have-local-offer') {
        // Implicit rollback of the local offer (perfect negotiation).
        this.#pendingLocal = null;
        this.#setSignalingState('stable');
      }
      this.#isOfferer = false;
      this.#pendingRemote = new RTCSessionDescription({ type, sdp });
      this.#setSignalingState('have-remote-offer');
      return;
    }
    const localHasMedia = hasMedia(this.#pendingLocal?.sdp ?? '');
    if (media && !localHasMedia)
      throw domException(
        'InvalidAccessError',
        `setRemoteDescription(${type}): it has m-lines the offer did not have`,
      );
    if (media) this.#nativeRemote(sdp, type);
    const description = new RTCSessionDescription({ type, sdp });
    if (type === 'pranswer') {
      this.#pendingRemote = description;
      this.#setSignalingState('have-remote-pranswer');
      return;
    }
    this.#currentRemote = description;
    this.#currentLocal = this.#pendingLocal;
    this.#pendingLocal = null;
    this.#pendingRemote = null;
    this.#ensureSctp(sdp);
    this.#setSignalingState('stable');
    this.#afterStable();
  }

  #nativeRemote(sdp: string, type: 'offer' | 'answer' | 'pranswer' | 'rollback'): void {
    try {
      // @rxdc/native checks it, applies it, then releases what waited for it (an offerer's
      // local candidates) in its order.
      this.#lifetime.setRemoteDescription({ sdp, type });
    } catch (error) {
      throw fromNativeError(error, 'setRemoteDescription');
    }
  }

  #addIceCandidate(init: {
    candidate: string;
    sdpMid: string | null;
    sdpMLineIndex: number | null;
    ufrag: string | null;
  }): void {
    const remote = this.remoteDescription;
    if (remote === null)
      throw domException('InvalidStateError', 'addIceCandidate: set the remote description first');
    const mids = midsOf(remote.sdp);
    let mid: string;
    if (init.sdpMid !== null) {
      if (!mids.includes(init.sdpMid))
        throw domException('OperationError', `addIceCandidate: no m-line with mid ${init.sdpMid}`);
      mid = init.sdpMid;
    } else if (init.sdpMLineIndex !== null) {
      const found = mids[init.sdpMLineIndex];
      if (found === undefined)
        throw domException(
          'OperationError',
          `addIceCandidate: no m-line at index ${init.sdpMLineIndex}`,
        );
      mid = found;
    } else {
      mid = mids[0] ?? '';
    }
    if (init.ufrag !== null) {
      const ufrags = [...remote.sdp.matchAll(/^a=ice-ufrag:(\S+)/gm)].map((m) => m[1]);
      if (!ufrags.includes(init.ufrag))
        throw domException(
          'OperationError',
          `addIceCandidate: unknown usernameFragment ${init.ufrag}`,
        );
    }
    // An empty candidate is the end of the remote candidates: libdatachannel needs nothing.
    if (init.candidate === '') return;
    this.#requireUsable('addIceCandidate');
    try {
      // Dropped (not an error) once the connection failed: a browser ignores it as well.
      this.#lifetime.addRemoteCandidate({ candidate: init.candidate, mid });
    } catch (error) {
      throw domException('OperationError', `addIceCandidate: ${describeError(error)}`);
    }
  }

  #setSignalingState(state: RTCSignalingState): void {
    if (this.#signalingState === state) return;
    this.#signalingState = state;
    this.dispatchEvent(new Event('signalingstatechange'));
  }

  /** Signaling reached stable: the negotiation-needed flag is cleared and checked again. */
  #afterStable(): void {
    this.#negotiationNeeded = false;
    this.#updateNegotiationNeeded();
  }

  /** WebRTC 1.0 "update the negotiation-needed flag". */
  #updateNegotiationNeeded(): void {
    if (this.#chain.length > 0) {
      this.#updateNegotiationOnEmptyChain = true;
      return;
    }
    setImmediate(() => {
      if (this.#isClosed) return;
      if (this.#chain.length > 0) {
        this.#updateNegotiationOnEmptyChain = true;
        return;
      }
      if (this.#signalingState !== 'stable') return;
      if (!this.#isNegotiationNeeded()) {
        this.#negotiationNeeded = false;
        return;
      }
      if (this.#negotiationNeeded) return;
      this.#negotiationNeeded = true;
      this.dispatchEvent(new Event('negotiationneeded'));
    });
  }

  /** WebRTC 1.0 "check if negotiation is needed", for data channels. */
  #isNegotiationNeeded(): boolean {
    return this.#dataChannelCreated && !hasApplication(this.#currentLocal?.sdp);
  }

  #ensureSctp(sdp: string): void {
    if (this.#sctp !== null || !hasApplication(sdp)) return;
    this.#sctp = RTCSctpTransport.create(this.#dtlsTransport, {
      maxMessageSize: () => this.#maxMessageSize(),
      maxChannels: () => this.#native((n) => n.maxDataChannelId() + 1, null),
    });
    if (this.#connectionState === 'connected') this.#sctp.setState('connected', false);
  }

  // ---- native events ----

  #handleLocalCandidate(candidate: string, mid: string): void {
    if (this.#isClosed) return;
    if (this.localDescription === null) {
      this.#heldCandidates.push({ candidate, mid });
      return;
    }
    this.#fireCandidate(candidate, mid);
  }

  #releaseHeldCandidates(): void {
    const held = this.#heldCandidates;
    this.#heldCandidates = [];
    for (const { candidate, mid } of held) this.#fireCandidate(candidate, mid);
    if (this.#gatheringCompletePending) {
      this.#gatheringCompletePending = false;
      this.#fireGatheringComplete();
    }
  }

  #fireCandidate(candidate: string, mid: string): void {
    const local = this.localDescription?.sdp ?? '';
    const index = midsOf(local).indexOf(mid);
    const ufrag = /^a=ice-ufrag:(\S+)/m.exec(local)?.[1] ?? null;
    const ice = new RTCIceCandidate({
      candidate: candidate.replace(/^a=/, ''),
      sdpMid: mid,
      sdpMLineIndex: Math.max(index, 0),
      usernameFragment: ufrag,
    });
    this.#surfaced.push({ mid, line: `a=${ice.candidate}` });
    this.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: ice }));
  }

  #handleGatheringState(native: string): void {
    if (this.#isClosed) return;
    const state = gatheringStates[native] ?? 'new';
    if (state === 'complete') {
      // Candidates first, then the end: complete waits for the local description.
      if (this.localDescription === null) {
        this.#gatheringCompletePending = true;
        return;
      }
      this.#fireGatheringComplete();
      return;
    }
    if (state === this.#iceGatheringState) return;
    this.#iceTransport.setGatheringState(state, true);
    this.#iceGatheringState = state;
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }

  #fireGatheringComplete(): void {
    if (this.#iceGatheringState === 'complete') return;
    this.#iceTransport.setGatheringState('complete', true);
    this.#iceGatheringState = 'complete';
    this.dispatchEvent(new Event('icegatheringstatechange'));
    this.#surfaced.push({ mid: '', line: 'a=end-of-candidates' });
    this.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: null }));
  }

  #handleIceState(native: string): void {
    if (this.#isClosed || this.#nativeGone) return;
    const state = native as RTCIceConnectionState;
    if (state === 'closed' || state === this.#iceConnectionState) return;
    this.#iceTransport.setState(state, true);
    this.#iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }

  #handleState(native: string): void {
    if (this.#isClosed || this.#nativeGone) return;
    const state = native as RTCPeerConnectionState;
    if (state === 'closed' || state === this.#connectionState) return;
    const dtls =
      state === 'new'
        ? 'new'
        : state === 'connecting'
          ? 'connecting'
          : state === 'failed'
            ? 'failed'
            : state === 'connected'
              ? 'connected'
              : undefined;
    if (dtls) this.#dtlsTransport.setState(dtls, true);
    if (state === 'connected') this.#sctp?.setState('connected', true);
    this.#connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  /** The native connection closed without close() here: the remote side closed it. */
  #handleNativeClosed(): void {
    if (this.#isClosed) return;
    this.#nativeGone = true;
    // A description being created will never come: its operation fails (never hangs).
    for (const waiter of this.#localDescriptionWaiters.splice(0))
      waiter.reject(
        domException('InvalidStateError', 'the connection was closed by the remote side'),
      );
    // A browser sees the remote close as a disconnection; its channels close with events.
    this.#dtlsTransport.setState('closed', true);
    this.#sctp?.setState('closed', true);
    if (this.#iceConnectionState !== 'disconnected' && this.#iceConnectionState !== 'failed') {
      this.#iceTransport.setState('disconnected', true);
      this.#iceConnectionState = 'disconnected';
      this.dispatchEvent(new Event('iceconnectionstatechange'));
    }
    if (this.#connectionState !== 'disconnected' && this.#connectionState !== 'failed') {
      this.#connectionState = 'disconnected';
      this.dispatchEvent(new Event('connectionstatechange'));
    }
  }

  #handleIncomingChannel(native: NativeDataChannel): void {
    if (this.#isClosed) return;
    let label = '';
    let protocol = '';
    let id: number | null = null;
    try {
      label = native.getLabel();
      protocol = native.getProtocol();
      const nativeId = native.getId();
      id = nativeId === 65535 ? null : nativeId;
    } catch {
      // Destroyed natively: adoptIncoming abandons it below.
    }
    const channel = RTCDataChannel.create(
      native,
      // libdatachannel does not report an incoming channel's reliability: the defaults.
      {
        label,
        protocol,
        id,
        ordered: true,
        maxPacketLifeTime: null,
        maxRetransmits: null,
        negotiated: false,
      },
      this.#channelOwner,
      true,
    );
    if (!this.#lifetime.adoptIncoming(channel.lifetime)) return;
    this.#track(channel);
    this.dispatchEvent(new RTCDataChannelEvent('datachannel', { channel }));
    channel.announceOpen();
  }

  #adoptChannel(
    native: NativeDataChannel,
    init: Parameters<typeof RTCDataChannel.create>[1],
    incoming: boolean,
  ): RTCDataChannel {
    const channel = RTCDataChannel.create(native, init, this.#channelOwner, incoming);
    this.#lifetime.adopt(channel.lifetime);
    this.#track(channel);
    return channel;
  }

  #track(channel: RTCDataChannel): void {
    this.#channels.add(channel);
    channel.addEventListener('open', () => {
      this.#channelsOpened += 1;
    });
    channel.lifetime.onFinished(() => {
      if (!this.#isClosed) this.#channelsClosed += 1;
    });
    channel.addEventListener('close', () => this.#channels.delete(channel));
  }

  // ---- helpers ----

  #requireUsable(method: string): void {
    if (this.#isClosed) throw closedError(method);
    if (this.#nativeGone)
      throw domException(
        'InvalidStateError',
        `${method}: the connection was closed by the remote side`,
      );
  }

  #native<T>(read: (native: PeerLifetime['native']) => T, fallback: T): T {
    if (this.#isClosed || this.#lifetime.isClosed) return fallback;
    try {
      return read(this.#lifetime.native);
    } catch {
      return fallback;
    }
  }

  /** The SCTP transport's maxMessageSize: @rxdc/native's one effective limit. */
  #maxMessageSize(): number {
    return this.#lifetime.maxMessageSize;
  }

  #buildStats(): StatsReport {
    const timestamp = performance.timeOrigin + performance.now();
    const stats = new StatsReport();
    stats.add({
      id: 'P',
      type: 'peer-connection',
      timestamp,
      dataChannelsOpened: this.#channelsOpened,
      dataChannelsClosed: this.#channelsClosed,
    });
    let index = 0;
    for (const channel of this.#channels) {
      index += 1;
      stats.add({
        id: `D${index}`,
        type: 'data-channel',
        timestamp,
        label: channel.label,
        protocol: channel.protocol,
        dataChannelIdentifier: channel.id,
        state: channel.readyState,
        ...channel.stats,
      });
    }
    const pair = this.#native((n) => n.getSelectedCandidatePair(), null);
    const rtt = this.#native((n) => n.rtt(), -1);
    const transport: Record<string, unknown> = {
      id: 'T',
      type: 'transport',
      timestamp,
      bytesSent: this.#native((n) => n.bytesSent(), 0),
      bytesReceived: this.#native((n) => n.bytesReceived(), 0),
      dtlsState: this.#dtlsTransport.state,
      iceState: this.#iceTransport.state,
      iceRole: this.#iceTransport.role,
    };
    if (pair) {
      transport.selectedCandidatePairId = 'CP';
      const candidate = (id: string, type: string, c: typeof pair.local) =>
        ({
          id,
          type,
          timestamp,
          transportId: 'T',
          address: c.address,
          port: c.port,
          protocol: c.transportType.toLowerCase().includes('tcp') ? 'tcp' : 'udp',
          candidateType: c.type,
          priority: c.priority,
        }) as const;
      stats.add(candidate('CL', 'local-candidate', pair.local));
      stats.add(candidate('CR', 'remote-candidate', pair.remote));
      stats.add({
        id: 'CP',
        type: 'candidate-pair',
        timestamp,
        transportId: 'T',
        localCandidateId: 'CL',
        remoteCandidateId: 'CR',
        state: 'succeeded',
        nominated: true,
        bytesSent: transport.bytesSent,
        bytesReceived: transport.bytesReceived,
        ...(rtt >= 0 && { currentRoundTripTime: rtt / 1000 }),
      });
    }
    stats.add(transport as never);
    return stats;
  }
}

defineEventHandlers(RTCPeerConnection.prototype, [
  'negotiationneeded',
  'icecandidate',
  'icecandidateerror',
  'signalingstatechange',
  'iceconnectionstatechange',
  'icegatheringstatechange',
  'connectionstatechange',
  'datachannel',
  'track',
]);
