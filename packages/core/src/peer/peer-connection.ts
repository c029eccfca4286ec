import {
  type Audio,
  callNative,
  type LocalDescriptionType,
  NativePeerConnectionClass,
  PeerLifetime,
  RtcError,
  type SelectedCandidateInfo,
  type Video,
} from '@rxdc/native';
import { type Observable, Subject } from 'rxjs';
import type { DataChannel } from '../channel/data-channel.js';
import type { Track } from '../channel/track.js';
import type { AddTrackOptions } from '../config/add-track-options.js';
import type { DataChannelInit } from '../config/data-channel-init.js';
import { splitHoldConfig } from '../config/hold-config.js';
import { type PeerConnectionConfig, toNativeConfig } from '../config/peer-connection-config.js';
import { reportUncaughtError } from '../errors/report-uncaught-error.js';
import { TypedEventEmitter } from '../events/typed-event-emitter.js';
import type { TrackDescription } from '../media/track-description.js';
import { StateStream } from '../streams/state-stream.js';
import { Negotiation } from './negotiation.js';
import { PeerChannels } from './peer-channels.js';
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
 * import type { PeerConnection } from '@rxdc/core';
 * declare const peer: PeerConnection;
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

/**
 * The candidate pair ICE selected, local and remote.
 *
 * @example
 * ```ts
 * import type { PeerConnection, SelectedCandidatePair } from '@rxdc/core';
 * declare const peer: PeerConnection;
 * const pair: SelectedCandidatePair | null = peer.selectedCandidatePair;
 * console.log(pair?.local.address, pair?.remote.address);
 * ```
 */
export interface SelectedCandidatePair {
  /** The local candidate: address, port, type, transport and the candidate line. */
  readonly local: SelectedCandidateInfo;
  /** The remote candidate: address, port, type, transport and the candidate line. */
  readonly remote: SelectedCandidateInfo;
}

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
  readonly #negotiation: Negotiation;
  readonly #channels: PeerChannels;
  readonly #errors = new Subject<RtcError>();
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
   * channels or tracks wait than `hold.maxHeldObjects` (the newest was closed, not held), or
   * when a channel still waiting to be taken was closed for holding too much (its own limit,
   * `hold.maxPeerHeldBytes` or the process's). Completes when closed.
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
    const nativeConfig = toNativeConfig(nativeSide);
    this.#channels = new PeerChannels(hold, (error) => this.#errors.next(error));
    const name = typeof config.name === 'string' ? config.name : 'peer';
    this.#negotiation = new Negotiation();
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
    this.localDescription$ = this.#negotiation.localDescription$;
    this.localCandidate$ = this.#negotiation.localCandidate$;
    this.dataChannel$ = this.#channels.dataChannel$;
    this.track$ = this.#channels.track$;

    this.#lifetime = new PeerLifetime(
      pc,
      {
        localDescription: (sdp, type) => this.#negotiation.onLocalDescription(sdp, type),
        localCandidate: (candidate, mid) => this.#negotiation.onLocalCandidate(candidate, mid),
        iceState: (state) => this.#next(this.#iceState, state as IceState),
        signalingState: (state) => this.#next(this.#signalingState, state as SignalingState),
        gatheringState: (state) => this.#next(this.#gatheringState, toGatheringState(state)),
        dataChannel: (native) => this.#channels.adoptDataChannel(this.#lifetime, native),
        track: (native) => this.#channels.adoptTrack(this.#lifetime, native),
        state: (state) => {
          if (state !== 'closed') this.#next(this.#state, state as PeerState);
        },
        closing: () => this.#snapshot(),
        closed: () => this.#finish(),
        rejected: (error) => this.#errors.next(error),
        failed: (error) => {
          this.#errors.next(error);
          // A failed open: whoever waits for the remote side's channels gets the typed error
          // and its cause, not an empty completion. After a connection that worked, the streams
          // simply complete at close.
          if (this.#lifetime.everConnected) return;
          this.#channels.error(error);
        },
      },
      reportUncaughtError,
      {
        maxMessageSize: config.maxMessageSize ?? null,
        answerAsDtlsServer: config.answerDtlsRole !== 'client',
      },
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

  /**
   * The current local description, or null. The last one stays readable after close. While
   * local candidates are held (before the first `localDescription$`, and for an offerer until
   * its answer is applied) it carries no `a=candidate` lines, like `localDescription$`'s; once
   * they are released it carries every one gathered (@rxdc/native's rule, see
   * `PeerLifetime.localDescription`), so sending it instead of `localDescription$`'s never
   * hands the remote our candidates too early.
   *
   * @example
   * ```ts
   * import type { PeerConnection } from '@rxdc/core';
   * declare const pc: PeerConnection;
   * const offer = pc.localDescription; // safe to send: no candidates before the answer
   * ```
   */
  get localDescription(): SessionDescription | null {
    return this.#negotiation.localDescription(this.#lifetime);
  }

  /** The remote description as given to `setRemoteDescription`, or null. Readable after close. */
  get remoteDescription(): SessionDescription | null {
    return this.#lifetime.remoteDescription as SessionDescription | null;
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
    return this.#lifetime.maxMessageSize;
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
    this.#negotiation.setRemoteDescription(this.#lifetime, description);
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
    this.#negotiation.addRemoteCandidate(this.#lifetime, candidate);
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
    this.#negotiation.setLocalDescription(this.#lifetime, type);
  }

  /**
   * Creates a data channel. Unless negotiation is disabled, the offer follows by itself.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a wrong label or option (a label or protocol
   * longer than 65,535 UTF-8 bytes), `CLOSED` after close.
   */
  createDataChannel(label: string, init: DataChannelInit = {}): DataChannel {
    this.#requireOpen('createDataChannel');
    return this.#channels.createDataChannel(this.#lifetime, label, init);
  }

  /**
   * Adds a media track. A typed description (`{ kind: 'video', codec: 'H264', msid: 'camera' }`,
   * see {@link TrackDescription}) gives a track ready to stream: a sending one packetizes the
   * frames given to `sendFrame` natively, a receiving one answers the remote sender's reports.
   * A node-datachannel `Video` or `Audio` object gives a raw track (RTP packets in and out).
   * Add tracks before the offer is made (before the first data channel, with automatic
   * negotiation).
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a wrong description or option, `CLOSED`
   * after close.
   */
  addTrack(media: Video | Audio | TrackDescription, options: AddTrackOptions = {}): Track {
    this.#requireOpen('addTrack');
    return this.#channels.addTrack(this.#lifetime, media, options);
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
    this.#negotiation.complete();
    this.#channels.complete();
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
