import type { NativeDataChannel, NativePeerConnection, NativeTrack } from '../binding.js';
import { installPeerCallbacks, type PeerCallbacks } from '../callbacks/install-peer-callbacks.js';
import { connectionFailedError } from '../errors/connection-failure.js';
import type { ThrowReporter } from '../errors/guarded.js';
import { callNative, type RtcError } from '../errors/rtc-error.js';
import { advertiseMaxMessageSize, receiveLimit } from '../messages/size-check.js';
import { LocalCandidateRelease } from '../negotiation/local-candidate-release.js';
import {
  checkLocalDescription,
  type LocalDescriptionType,
} from '../negotiation/local-description-check.js';
import { ChannelLifetime } from './channel-lifetime.js';
import type { LiveObject } from './process-store.js';
import { keepAlive, markClosing, settle } from './registry.js';

/**
 * What a peer face hands to its lifetime: node-datachannel's callbacks, plus `closing` (the
 * native object still answers: read what must stay readable) and `closed` (once, when either
 * side closed the peer). `state('closed')` still arrives when node-datachannel confirms.
 *
 * @example
 * ```ts
 * import type { PeerLifetimeCallbacks } from '@rxdc/native';
 * type OnClosed = PeerLifetimeCallbacks['closed'];
 * ```
 */
export interface PeerLifetimeCallbacks extends PeerCallbacks {
  /** The peer is about to close: read what must stay readable while the native peer answers. */
  closing(): void;
  /** The peer closed, by either side (once). */
  closed(): void;
  /**
   * The connection failed (once, before its `state('failed')`): `error` is the typed
   * `CONNECTION_FAILED` error, its cause the native states and log lines.
   */
  failed?(error: RtcError): void;
}

/** A peer's close confirms its open channels; one still unconfirmed this much later is closed alone. */
const unconfirmedChannelDelayMs = 1000;

const ignore = (): void => {};
const noCallbacks = {
  message: ignore,
  open: ignore,
  error: ignore,
  bufferedAmountLow: ignore,
  closed: ignore,
};

/**
 * The one owner of a native PeerConnection: installs its callbacks (see
 * {@link installPeerCallbacks}), keeps it alive in the process registry until its close is
 * confirmed, and applies the peer rules:
 * - local candidates go only when they may (see {@link LocalCandidateRelease}): after the
 *   first local description, and for an offerer after its answer was applied (tell it with
 *   {@link PeerLifetime.remoteDescriptionApplied});
 * - a channel or track arriving after the peer closed is closed, not handed over, and one
 *   that the remote side closed before its callbacks were installed is abandoned, not handed
 *   over (libdatachannel lost its close event);
 * - a peer's close settles every channel of that peer, confirmed or not (one second later);
 * - closing the peer closes its channels with it ({@link ChannelLifetime.closeWithPeer}), and
 *   a close started by the remote side is followed by a native close again;
 * - `setLocalDescription` calls that would abort the process are refused first.
 *
 * @example
 * ```ts
 * import { PeerLifetime, type NativePeerConnection, type PeerLifetimeCallbacks } from '@rxdc/native';
 * declare const pc: NativePeerConnection;
 * declare const callbacks: PeerLifetimeCallbacks;
 * const lifetime = new PeerLifetime(pc, callbacks, console.error);
 * lifetime.close();
 * ```
 */
export class PeerLifetime implements LiveObject {
  /** Always `'PeerConnection'`. */
  readonly kind = 'PeerConnection' as const;
  /** The native peer connection. */
  readonly native: NativePeerConnection;
  readonly #callbacks: PeerLifetimeCallbacks;
  readonly #report: ThrowReporter;
  readonly #channels = new Set<ChannelLifetime>();
  /** Channels closed by this peer's close, until its native close is confirmed. */
  #closedWithPeer: ChannelLifetime[] = [];
  readonly #localCandidates: LocalCandidateRelease;
  #failure: RtcError | undefined;
  #everConnected = false;
  /** A data channel was created here (libdatachannel counts it until a remote description, closed or not). */
  #channelsCreated = false;
  /** Tracks added here and not closed (a closed track no longer counts: its native object is gone). */
  #openLocalTracks = 0;
  #closed = false;
  #settled = false;
  /** The largest message its data channels deliver (native runs one byte above it). */
  readonly receiveLimit: number;

  /**
   * `options.maxMessageSize` is the user's receive limit (see {@link receiveLimit}): the native
   * peer must have been created with {@link nativeMaxMessageSize} of it.
   */
  constructor(
    native: NativePeerConnection,
    callbacks: PeerLifetimeCallbacks,
    report: ThrowReporter,
    options: { maxMessageSize?: number | null } = {},
  ) {
    this.native = native;
    this.receiveLimit = receiveLimit(options.maxMessageSize);
    const limit = this.receiveLimit;
    this.#callbacks = callbacks;
    this.#report = report;
    this.#localCandidates = new LocalCandidateRelease((candidate, mid) =>
      callbacks.localCandidate(candidate, mid),
    );
    keepAlive(this);
    installPeerCallbacks(
      native,
      {
        localDescription: (sdp, type) => {
          callbacks.localDescription(advertiseMaxMessageSize(sdp, limit), type);
          this.#localCandidates.description(type);
        },
        localCandidate: (candidate, mid) => this.#localCandidates.candidate(candidate, mid),
        iceState: (state) => callbacks.iceState(state),
        signalingState: (state) => callbacks.signalingState(state),
        gatheringState: (state) => callbacks.gatheringState(state),
        dataChannel: (channel) => this.#incoming('DataChannel', channel, callbacks.dataChannel),
        track: (track) => this.#incoming('Track', track, callbacks.track),
        state: (state) => {
          if (state === 'connected') this.#everConnected = true;
          if (state === 'failed') this.#handleFailed();
          if (state === 'closed') this.#handleNativeClosed();
          callbacks.state(state);
        },
      },
      report,
    );
  }

  /**
   * node-datachannel's `localDescription()` as the remote side must see it (its
   * `a=max-message-size` says the receive limit), or null.
   */
  localDescription(): { sdp: string; type: string } | null {
    const description = this.native.localDescription();
    if (description === null) return null;
    return { ...description, sdp: advertiseMaxMessageSize(description.sdp, this.receiveLimit) };
  }

  /** The `CONNECTION_FAILED` error once the connection failed, else undefined. */
  get failure(): RtcError | undefined {
    return this.#failure;
  }

  /** True once the connection reached `connected` (a later failure is not a failed open). */
  get everConnected(): boolean {
    return this.#everConnected;
  }

  /**
   * node-datachannel's `setRemoteDescription` returned: an offerer's held local candidates go
   * now (see {@link LocalCandidateRelease}). Call it after every applied remote description.
   */
  remoteDescriptionApplied(): void {
    let signalingState = 'stable';
    try {
      signalingState = this.native.signalingState();
    } catch {
      // Destroyed natively: nothing held can matter any more.
    }
    this.#localCandidates.remoteApplied(signalingState);
  }

  /** True once either side closed the peer. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Ties a channel or track created here (`createDataChannel`, `addTrack`) to this peer: the
   * peer's close closes it (see {@link ChannelLifetime.closeWithPeer}), and it counts for what
   * there is to negotiate.
   */
  adopt(channel: ChannelLifetime): void {
    if (channel.kind === 'DataChannel') this.#channelsCreated = true;
    else if (channel.kind === 'Track') {
      this.#openLocalTracks += 1;
      channel.onFinished(() => {
        this.#openLocalTracks -= 1;
      });
    }
    this.#tie(channel);
  }

  /**
   * Takes a channel or track the remote side opened, once its face has installed the callbacks
   * (its {@link ChannelLifetime} exists): true when it is open and now tied to this peer; false
   * when it closed before that, or the peer is closed: it was then abandoned (see
   * {@link ChannelLifetime.keepIfNotClosed}) and must not be handed out.
   */
  adoptIncoming(channel: ChannelLifetime): boolean {
    if (this.#closed) {
      channel.abandon();
      return false;
    }
    if (!channel.keepIfNotClosed()) return false;
    this.#tie(channel);
    return true;
  }

  #tie(channel: ChannelLifetime): void {
    channel.tieTo(this.#channels);
  }

  /**
   * node-datachannel's `setLocalDescription`, refused first where it would abort the process.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT`, `INVALID_STATE` or `NOTHING_TO_NEGOTIATE`
   * (see {@link checkLocalDescription}); `INVALID_STATE` when node-datachannel refuses it.
   */
  setLocalDescription(type?: LocalDescriptionType): void {
    const pc = this.native;
    // libdatachannel's own rule (v0.24.5 populateLocalDescription): a remote description, a
    // data channel ever created here, or an added track not yet closed; else it aborts.
    const negotiable =
      this.#channelsCreated || this.#openLocalTracks > 0 || pc.remoteDescription() !== null;
    checkLocalDescription(type, pc.signalingState(), negotiable);
    callNative('INVALID_STATE', 'setLocalDescription failed', () =>
      type === undefined ? pc.setLocalDescription() : pc.setLocalDescription(type),
    );
  }

  /** Closes the peer and its channels from this side. Idempotent. */
  close(): void {
    if (this.#closed) return;
    // The face reads what must stay readable while the native object still answers.
    this.#callbacks.closing();
    this.#closed = true;
    markClosing(this);
    this.#closeChannelsWithPeer();
    this.#closeNativeQuietly();
    this.#callbacks.closed();
  }

  #handleFailed(): void {
    if (this.#failure) return;
    let states = { iceState: 'unknown', signalingState: 'unknown' };
    try {
      states = { iceState: this.native.iceState(), signalingState: this.native.signalingState() };
    } catch {
      // Destroyed natively: the states are unknown, the failure is not.
    }
    this.#failure = connectionFailedError(states);
    this.#callbacks.failed?.(this.#failure);
  }

  #incoming(
    kind: 'DataChannel' | 'Track',
    native: NativeDataChannel | NativeTrack,
    handOver: (native: never) => void,
  ): void {
    if (!this.#closed) {
      // The face builds its channel and calls adoptIncoming, which decides whether it is handed out.
      handOver(native as never);
      return;
    }
    // Nobody can take it any more: close it, and keep it alive until that is confirmed (or
    // abandon it if it is already closed: no confirmation will come).
    const orphan = new ChannelLifetime(kind, native, noCallbacks, { report: this.#report });
    if (orphan.nativeIsOpen()) orphan.close();
    else orphan.abandon();
  }

  #handleNativeClosed(): void {
    if (!this.#closed) {
      this.#callbacks.closing();
      this.#closed = true;
      this.#closeChannelsWithPeer();
      this.#callbacks.closed();
    } else {
      this.#closeChannelsWithPeer();
    }
    // On a close not started here, node-datachannel releases only the state callback; the
    // others keep the process alive until the peer is closed from JavaScript too.
    this.#closeNativeQuietly();
    if (this.#settled) return;
    this.#settled = true;
    settle(this);
    // Every channel of a closed peer has been closed natively: one still unconfirmed a second
    // later never will be (never negotiated, or its close event was lost): settle it anyway.
    const unconfirmed = this.#closedWithPeer;
    this.#closedWithPeer = [];
    if (unconfirmed.length > 0) {
      setTimeout(() => {
        for (const channel of unconfirmed) channel.closeNativeIfUnconfirmed();
      }, unconfirmedChannelDelayMs).unref();
    }
  }

  #closeChannelsWithPeer(): void {
    for (const channel of this.#channels) {
      this.#closedWithPeer.push(channel);
      channel.closeWithPeer();
    }
  }

  #closeNativeQuietly(): void {
    try {
      this.native.close();
    } catch {
      // Already destroyed natively: closing is still final here.
    }
  }
}
