import {
  type Audio,
  callNative,
  checkStringLimit,
  type DataChannelInitConfig,
  EarlyRemoteCandidates,
  type LocalDescriptionType,
  NativePeerConnectionClass,
  PeerLifetime,
  RtcError,
  type SelectedCandidateInfo,
  type Video,
} from '@rxdc/native';
import { type Observable, ReplaySubject, Subject } from 'rxjs';
import { describe } from '../channel/channel.js';
import { DataChannel } from '../channel/data-channel.js';
import { Track } from '../channel/track.js';
import { checkDataChannelInit } from '../config/data-channel-init.js';
import { type ResolvedHold, splitHoldConfig } from '../config/hold-config.js';
import { type PeerConnectionConfig, toNativeConfig } from '../config/peer-connection-config.js';
import { reportUncaughtError } from '../errors/report-uncaught-error.js';
import { TypedEventEmitter } from '../events/typed-event-emitter.js';
import { GatheredStream } from '../streams/gathered-stream.js';
import { HeldStream } from '../streams/held-stream.js';
import { StateStream } from '../streams/state-stream.js';
import {
  type GatheringState,
  type IceCandidate,
  type IceState,
  type PeerState,
  type SessionDescription,
  type SignalingState,
  toGatheringState,
} from './peer-states.js';

/**
 * The events of a {@link PeerConnection}, for code that does not use RxJS.
 *
 * @example
 * ```ts
 * peer.on('state', (state) => console.log('now', state));
 * ```
 */
export type PeerConnectionEvents = {
  /** The connection state: the current one first, then each change (as `state$`). */
  state: (state: PeerState) => void;
  /** The ICE connection state: the current one first, then each change (as `iceState$`). */
  iceState: (state: IceState) => void;
  /** The signaling state: the current one first, then each change (as `signalingState$`). */
  signalingState: (state: SignalingState) => void;
  /** The ICE gathering state: the current one first, then each change (as `gatheringState$`). */
  gatheringState: (state: GatheringState) => void;
  /** A local description to send to the remote peer (as `localDescription$`). */
  localDescription: (description: SessionDescription) => void;
  /** A local ICE candidate to send to the remote peer (as `localCandidate$`). */
  localCandidate: (candidate: IceCandidate) => void;
  /** A data channel the remote side opened (as `dataChannel$`). */
  dataChannel: (channel: DataChannel) => void;
  /** A track the remote side added (as `track$`). */
  track: (track: Track) => void;
};

/** The candidate pair ICE selected, local and remote. */
export interface SelectedCandidatePair {
  /** The local candidate: address, port, type, transport and the candidate line. */
  readonly local: SelectedCandidateInfo;
  /** The remote candidate: address, port, type, transport and the candidate line. */
  readonly remote: SelectedCandidateInfo;
}

/** Options of a new data channel (libdatachannel's `rtcDataChannelInit`). */
export type DataChannelInit = DataChannelInitConfig;

/**
 * A WebRTC peer connection whose every event is an Observable.
 *
 * Exchange `localDescription$` and `localCandidate$` with the remote peer through any
 * signaling channel, feed theirs to `setRemoteDescription` and `addRemoteCandidate`, then
 * create data channels or take the remote side's from `dataChannel$`. `close()` completes
 * every stream; the object (and its native peer) is kept alive until then.
 *
 * @example
 * ```ts
 * import { PeerConnection } from '@rxdc/core';
 * const offerer = new PeerConnection({ bindAddress: '127.0.0.1' });
 * const answerer = new PeerConnection({ bindAddress: '127.0.0.1' });
 * offerer.localDescription$.subscribe((d) => answerer.setRemoteDescription(d));
 * offerer.localCandidate$.subscribe((c) => answerer.addRemoteCandidate(c));
 * answerer.localDescription$.subscribe((d) => offerer.setRemoteDescription(d));
 * answerer.localCandidate$.subscribe((c) => offerer.addRemoteCandidate(c));
 * const channel = offerer.createDataChannel('chat');
 * answerer.dataChannel$.subscribe((remote) => remote.messages$.subscribe(console.log));
 * channel.open$.subscribe(() => channel.send('hello'));
 * ```
 */
export class PeerConnection extends TypedEventEmitter<PeerConnectionEvents> {
  /** Always `'PeerConnection'`: what `liveObjects()` reports for it. */
  readonly kind = 'PeerConnection' as const;
  /** The native peer and its close rules live in @rxdc/native. */
  readonly #lifetime: PeerLifetime;
  readonly #state: StateStream<PeerState>;
  readonly #iceState: StateStream<IceState>;
  readonly #signalingState: StateStream<SignalingState>;
  readonly #gatheringState: StateStream<GatheringState>;
  readonly #localDescription = new ReplaySubject<SessionDescription>(1);
  readonly #localCandidates = new GatheredStream<IceCandidate>();
  readonly #dataChannels = new HeldStream<DataChannel>();
  readonly #tracks = new HeldStream<Track>();
  readonly #errors = new Subject<RtcError>();
  readonly #hold: ResolvedHold;
  readonly #answerAsDtlsServer: boolean;
  readonly #earlyRemoteCandidates = new EarlyRemoteCandidates();
  #iceUfrag: string | undefined;
  #lastLocalDescription: SessionDescription | null = null;
  #lastRemoteDescription: SessionDescription | null = null;
  #lastBytes = { sent: 0, received: 0 };

  /** The connection state: current value on subscribe, then each change; completes when closed. */
  readonly state$: Observable<PeerState>;
  /** The ICE connection state: current value, then each change; completes when closed. */
  readonly iceState$: Observable<IceState>;
  /** The signaling state: current value, then each change; completes when closed. */
  readonly signalingState$: Observable<SignalingState>;
  /** The ICE gathering state: current value, then each change; completes when closed. */
  readonly gatheringState$: Observable<GatheringState>;
  /** The latest local description, if any, then each new one; completes when closed. */
  readonly localDescription$: Observable<SessionDescription>;
  /** Every local candidate gathered so far (since the last ICE restart), then each new one; completes when closed. */
  readonly localCandidate$: Observable<IceCandidate>;
  /**
   * Data channels the remote side opened and nobody took yet, then each new one; completes when
   * closed. Fails with {@link RtcError} `CONNECTION_FAILED` (its `cause` says why) when the
   * connection fails before it ever connected: subscribe with an error handler.
   */
  readonly dataChannel$: Observable<DataChannel>;
  /**
   * Errors of the connection that concern no single call: `CONNECTION_FAILED` when the
   * connection failed (at any time; its `cause` says why), `HOLD_OVERFLOW` when more remote
   * channels or tracks wait than `hold.maxHeldObjects` (the newest was closed, not held).
   * Completes when closed.
   */
  readonly error$: Observable<RtcError> = this.#errors.asObservable();
  /** Tracks the remote side added and nobody took yet, then each new one; completes when closed, fails as `dataChannel$`. */
  readonly track$: Observable<Track>;

  /**
   * Creates a peer connection. Pass `bindAddress: '127.0.0.1'` to stay on loopback.
   *
   * @throws {@link RtcError} `INVALID_CONFIG` naming the wrong field.
   */
  constructor(config: PeerConnectionConfig = {}) {
    super();
    const [nativeSide, hold] = splitHoldConfig(config);
    this.#hold = hold;
    const nativeConfig = toNativeConfig(nativeSide);
    const objects = {
      maxBytes: Number.POSITIVE_INFINITY,
      maxCount: hold.maxObjects,
      isStale: (channel: { isClosed: boolean }) => channel.isClosed,
    };
    this.#dataChannels.setLimits(objects);
    this.#tracks.setLimits(objects);
    const name = typeof config.name === 'string' ? config.name : 'peer';
    this.#answerAsDtlsServer = config.answerDtlsRole !== 'client';
    const pc = callNative(
      'INVALID_CONFIG',
      'invalid PeerConnection config',
      () => new NativePeerConnectionClass(name, nativeConfig),
    );
    this.#state = new StateStream(pc.state() as PeerState);
    this.#iceState = new StateStream(pc.iceState() as IceState);
    this.#signalingState = new StateStream(pc.signalingState() as SignalingState);
    this.#gatheringState = new StateStream(toGatheringState(pc.gatheringState()));
    this.state$ = this.#state.stream$;
    this.iceState$ = this.#iceState.stream$;
    this.signalingState$ = this.#signalingState.stream$;
    this.gatheringState$ = this.#gatheringState.stream$;
    this.localDescription$ = this.#localDescription.asObservable();
    this.localCandidate$ = this.#localCandidates.stream$;
    this.dataChannel$ = this.#dataChannels.stream$;
    this.track$ = this.#tracks.stream$;

    this.#lifetime = new PeerLifetime(
      pc,
      {
        localDescription: (sdp, type) => {
          const description = { sdp, type: type.toLowerCase() as SessionDescription['type'] };
          // New ICE credentials start a new gathering round (an ICE restart): candidates of the
          // old one are no longer replayed. (The gathering state cannot mark the round: its
          // callback queue may be delivered after the first candidates.)
          const ufrag = /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
          if (ufrag !== undefined && this.#iceUfrag !== undefined && ufrag !== this.#iceUfrag)
            this.#localCandidates.reset();
          this.#iceUfrag = ufrag ?? this.#iceUfrag;
          this.#lastLocalDescription = description;
          this.#localDescription.next(description);
        },
        localCandidate: (candidate, mid) => this.#localCandidates.push({ candidate, mid }),
        iceState: (state) => this.#next(this.#iceState, state as IceState),
        signalingState: (state) => this.#next(this.#signalingState, state as SignalingState),
        gatheringState: (state) => this.#next(this.#gatheringState, toGatheringState(state)),
        // A channel the remote side closed before it got here is dropped, not handed out.
        dataChannel: (native) => {
          const channel = new DataChannel(native, {}, this.#lifetime.receiveLimit);
          channel.setHoldLimits(this.#hold.messages);
          if (this.#lifetime.adoptIncoming(channel.lifetime))
            this.#holdOrClose(this.#dataChannels, channel, `DataChannel "${channel.label}"`);
        },
        track: (native) => {
          const track = new Track(native);
          track.setHoldLimits(this.#hold.messages);
          if (this.#lifetime.adoptIncoming(track.lifetime))
            this.#holdOrClose(this.#tracks, track, 'Track');
        },
        state: (state) => {
          if (state !== 'closed') this.#next(this.#state, state as PeerState);
        },
        closing: () => this.#snapshot(),
        closed: () => this.#finish(),
        failed: (error) => {
          this.#errors.next(error);
          // A failed open: whoever waits for the remote side's channels gets the typed error
          // and its cause, not an empty completion. After a connection that worked, the streams
          // simply complete at close.
          if (this.#lifetime.everConnected) return;
          this.#dataChannels.error(error);
          this.#tracks.error(error);
        },
      },
      reportUncaughtError,
      { maxMessageSize: config.maxMessageSize ?? null },
    );
  }

  /** The connection state now (the streams may still be delivering the change). */
  get state(): PeerState {
    return this.#lifetime.isClosed ? 'closed' : (this.#lifetime.native.state() as PeerState);
  }

  /** The ICE connection state now. */
  get iceState(): IceState {
    return this.#lifetime.isClosed ? 'closed' : (this.#lifetime.native.iceState() as IceState);
  }

  /** The signaling state now. */
  get signalingState(): SignalingState {
    return this.#lifetime.isClosed
      ? this.#signalingState.value
      : (this.#lifetime.native.signalingState() as SignalingState);
  }

  /** The ICE gathering state now. */
  get gatheringState(): GatheringState {
    return this.#lifetime.isClosed
      ? this.#gatheringState.value
      : toGatheringState(this.#lifetime.native.gatheringState());
  }

  /**
   * The {@link RtcError} `CONNECTION_FAILED` once the connection failed (its `cause` holds the
   * native states and log lines), else undefined.
   */
  get failure(): RtcError | undefined {
    return this.#lifetime.failure;
  }

  /** True once closed. */
  get isClosed(): boolean {
    return this.#lifetime.isClosed;
  }

  /** The current local description, or null. The last one stays readable after close. */
  get localDescription(): SessionDescription | null {
    if (!this.#lifetime.isClosed)
      this.#lastLocalDescription =
        (this.#lifetime.localDescription() as SessionDescription | null) ??
        this.#lastLocalDescription;
    return this.#lastLocalDescription;
  }

  /** The remote description as given to `setRemoteDescription`, or null. Readable after close. */
  get remoteDescription(): SessionDescription | null {
    return this.#lastRemoteDescription;
  }

  /** The candidate pair in use, or null before connecting and after close. */
  get selectedCandidatePair(): SelectedCandidatePair | null {
    return this.#lifetime.isClosed ? null : this.#lifetime.native.getSelectedCandidatePair();
  }

  /** Bytes sent over the transport so far (the last count stays readable after close). */
  get bytesSent(): number {
    if (!this.#lifetime.isClosed) this.#lastBytes.sent = this.#lifetime.native.bytesSent();
    return this.#lastBytes.sent;
  }

  /** Bytes received over the transport so far (the last count stays readable after close). */
  get bytesReceived(): number {
    if (!this.#lifetime.isClosed) this.#lastBytes.received = this.#lifetime.native.bytesReceived();
    return this.#lastBytes.received;
  }

  /** The round-trip time in milliseconds, or undefined when not known (not connected, closed). */
  get rtt(): number | undefined {
    if (this.#lifetime.isClosed) return undefined;
    const rtt = this.#lifetime.native.rtt();
    return rtt >= 0 ? rtt : undefined;
  }

  /** The largest message the remote side accepts on a data channel, in bytes (0 after close). */
  get maxMessageSize(): number {
    if (this.#lifetime.isClosed) return 0;
    // node-datachannel runs one byte above the receive limit (see @rxdc/native's size check).
    return Math.min(this.#lifetime.native.maxMessageSize(), this.#lifetime.receiveLimit);
  }

  /** The highest data channel stream id this connection can use (0 after close). */
  get maxDataChannelId(): number {
    return this.#lifetime.isClosed ? 0 : this.#lifetime.native.maxDataChannelId();
  }

  /**
   * Applies the remote side's offer or answer.
   *
   * @throws {@link RtcError} `INVALID_SDP` for a description libdatachannel rejects,
   * `INVALID_ARGUMENT` for a wrong shape, `CLOSED` after close.
   */
  setRemoteDescription(description: SessionDescription): void {
    this.#requireOpen('setRemoteDescription');
    if (
      typeof description !== 'object' ||
      description === null ||
      typeof description.sdp !== 'string'
    ) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `setRemoteDescription takes { type, sdp }, got ${describe(description)}`,
      );
    }
    const { sdp, type } = description;
    if (!['offer', 'answer', 'pranswer', 'rollback'].includes(type)) {
      throw new RtcError(
        'INVALID_SDP',
        `remote description type must be offer, answer, pranswer or rollback, got ${JSON.stringify(type)}`,
      );
    }
    if (type !== 'rollback' && !sdp.trimStart().startsWith('v=')) {
      throw new RtcError('INVALID_SDP', 'remote description is not SDP: it must start with "v="');
    }
    // An offer that lets us choose the DTLS role: read it as "the remote is active", so that our
    // answer says passive and the remote starts the handshake (see `answerDtlsRole`).
    const applied =
      type === 'offer' && this.#answerAsDtlsServer
        ? sdp.replace(/^a=setup:actpass(?=\r?$)/gm, 'a=setup:active')
        : sdp;
    callNative('INVALID_SDP', 'remote description rejected', () =>
      this.#lifetime.native.setRemoteDescription(applied, type),
    );
    if (type !== 'rollback') this.#lastRemoteDescription = { type, sdp };
    this.#lifetime.remoteDescriptionApplied();
    for (const early of this.#earlyRemoteCandidates.take()) {
      try {
        this.#applyRemoteCandidate(early);
      } catch {
        // It was checked when given; a connection that failed meanwhile no longer needs it.
      }
    }
  }

  /**
   * Adds a candidate the remote side gathered (with or without its `a=` prefix).
   *
   * @throws {@link RtcError} `INVALID_CANDIDATE` for a candidate libdatachannel rejects,
   * `INVALID_ARGUMENT` for a wrong shape. A candidate given before the remote description is
   * kept and applied right after `setRemoteDescription`. A candidate that arrives after the
   * connection failed or closed is dropped without an error: it can no longer matter, and
   * signaling code (`a.localCandidate$.subscribe((c) => b.addRemoteCandidate(c))`) keeps
   * running while the close travels.
   */
  addRemoteCandidate(candidate: IceCandidate): void {
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      typeof candidate.candidate !== 'string' ||
      typeof candidate.mid !== 'string'
    ) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `addRemoteCandidate takes { candidate, mid } strings, got ${describe(candidate)}`,
      );
    }
    if (!/^(a=)?candidate:\S/.test(candidate.candidate)) {
      throw new RtcError(
        'INVALID_CANDIDATE',
        `not an ICE candidate: ${JSON.stringify(candidate.candidate)} (expected "candidate:...")`,
      );
    }
    if (this.#lifetime.isClosed || this.#lifetime.failure) return;
    if (this.remoteDescription === null) {
      // Signaling may deliver a candidate before the description it belongs to: keep it.
      this.#earlyRemoteCandidates.hold(candidate);
      return;
    }
    this.#applyRemoteCandidate(candidate);
  }

  #applyRemoteCandidate(candidate: IceCandidate): void {
    try {
      this.#lifetime.native.addRemoteCandidate(candidate.candidate, candidate.mid);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // The ICE transport is gone once the connection failed or closed natively (the state
      // callback may not have arrived yet): the candidate can no longer matter.
      if (/without ICE transport/i.test(reason)) return;
      throw new RtcError('INVALID_CANDIDATE', `remote candidate rejected: ${reason}`, {
        cause: error,
      });
    }
  }

  /**
   * Starts negotiation by hand (needed only with `disableAutoNegotiation`): creates an offer,
   * or an answer when a remote offer is pending.
   *
   * @throws {@link RtcError} `NOTHING_TO_NEGOTIATE` with no data channel or track,
   * `INVALID_STATE` for a type not allowed in the signaling state, `CLOSED` after close.
   */
  setLocalDescription(type?: LocalDescriptionType): void {
    this.#requireOpen('setLocalDescription');
    this.#lifetime.setLocalDescription(type);
  }

  /**
   * Creates a data channel. Unless negotiation is disabled, the offer follows by itself.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a wrong label or option (a label or protocol
   * longer than 65,535 UTF-8 bytes), `CLOSED` after close.
   */
  createDataChannel(label: string, init: DataChannelInit = {}): DataChannel {
    this.#requireOpen('createDataChannel');
    if (typeof label !== 'string')
      throw new RtcError(
        'INVALID_ARGUMENT',
        `data channel label must be a string, got ${describe(label)}`,
      );
    checkStringLimit('label', label);
    const options = checkDataChannelInit(init);
    const native = callNative('INVALID_ARGUMENT', 'cannot create data channel', () =>
      this.#lifetime.native.createDataChannel(label, options),
    );
    const channel = new DataChannel(native, options, this.#lifetime.receiveLimit);
    channel.setHoldLimits(this.#hold.messages);
    this.#lifetime.adopt(channel.lifetime);
    return channel;
  }

  /**
   * Adds a media track described by a node-datachannel `Video` or `Audio` description.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a wrong description, `CLOSED` after close.
   */
  addTrack(media: Video | Audio): Track {
    this.#requireOpen('addTrack');
    if (typeof media !== 'object' || media === null || typeof (media as Video).mid !== 'function') {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `addTrack takes a Video or Audio description, got ${describe(media)}`,
      );
    }
    const native = callNative('INVALID_ARGUMENT', 'cannot add track', () =>
      this.#lifetime.native.addTrack(media),
    );
    const track = new Track(native);
    track.setHoldLimits(this.#hold.messages);
    this.#lifetime.adopt(track.lifetime);
    return track;
  }

  /** Closes the connection and all its channels; every stream completes. Idempotent. */
  close(): void {
    this.#lifetime.close();
  }

  /** Closes the connection, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Closes the connection, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** @internal */
  protected override eventSource(
    event: keyof PeerConnectionEvents,
  ): Observable<unknown> | undefined {
    switch (event) {
      case 'state':
        return this.state$;
      case 'iceState':
        return this.iceState$;
      case 'signalingState':
        return this.signalingState$;
      case 'gatheringState':
        return this.gatheringState$;
      case 'localDescription':
        return this.localDescription$;
      case 'localCandidate':
        return this.localCandidate$;
      case 'dataChannel':
        return this.dataChannel$;
      case 'track':
        return this.track$;
      default:
        return undefined;
    }
  }

  /** Hands over or holds a remote channel; one past `maxHeldObjects` is closed and reported. */
  #holdOrClose<T extends DataChannel | Track>(held: HeldStream<T>, channel: T, what: string): void {
    if (held.push(channel)) return;
    channel.close();
    this.#errors.next(
      held.overflowError(`${what} of this PeerConnection`, 'the newest was closed'),
    );
  }

  #next<T>(state: StateStream<T>, value: T): void {
    if (!this.#lifetime.isClosed) state.next(value);
  }

  #finish(): void {
    this.#state.next('closed');
    this.#iceState.next('closed');
    this.#state.complete();
    this.#iceState.complete();
    this.#signalingState.complete();
    this.#gatheringState.complete();
    this.#localDescription.complete();
    this.#localCandidates.complete();
    this.#dataChannels.complete();
    this.#tracks.complete();
    this.#errors.complete();
  }

  /** Reads what stays readable after close, while the native object still answers. */
  #snapshot(): void {
    if (this.#lifetime.isClosed) return;
    try {
      void this.localDescription;
      void this.remoteDescription;
      void this.bytesSent;
      void this.bytesReceived;
    } catch {
      // The native side is already gone: keep the last values read.
    }
  }

  #requireOpen(what: string): void {
    if (this.#lifetime.isClosed)
      throw new RtcError('CLOSED', `${what}() on a closed PeerConnection: create a new one`);
  }
}
