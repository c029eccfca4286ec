import type { NativeDataChannel, NativePeerConnection, NativeTrack } from '../binding.js';
import { installPeerCallbacks, type PeerCallbacks } from '../callbacks/install-peer-callbacks.js';
import { connectionFailedError } from '../errors/connection-failure.js';
import { describeError } from '../errors/describe-error.js';
import type { ThrowReporter } from '../errors/guarded.js';
import { callNative, RtcError } from '../errors/rtc-error.js';
import { effectiveMessageLimit } from '../messages/send-message.js';
import { advertiseMaxMessageSize, receiveLimit } from '../messages/size-check.js';
import { EarlyRemoteCandidates } from '../negotiation/early-remote-candidates.js';
import { LocalCandidateRelease } from '../negotiation/local-candidate-release.js';
import {
  checkLocalDescription,
  type LocalDescriptionType,
} from '../negotiation/local-description-check.js';
import {
  checkRemoteCandidate,
  checkRemoteDescription,
  type RemoteDescriptionType,
} from '../negotiation/remote-description-check.js';
import { sdpWithoutCandidates } from '../negotiation/sdp-without-candidates.js';
import { ChannelLifetime, NO_CHANNEL_CALLBACKS } from './channel-lifetime.js';
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
  /**
   * A remote candidate held for its description was rejected by libdatachannel once the
   * description was applied (`INVALID_CANDIDATE`). Without this callback it goes to `report`.
   */
  rejected?(error: RtcError): void;
}

/**
 * What {@link PeerLifetime.addRemoteCandidate} did with a candidate: `applied` (given to
 * libdatachannel), `held` (no remote description yet: applied right after it), `dropped` (the
 * connection failed or closed: no candidate can matter to it any more).
 *
 * @example
 * ```ts
 * import type { RemoteCandidateResult } from '@rxdc/native';
 * const result: RemoteCandidateResult = 'held';
 * ```
 */
export type RemoteCandidateResult = 'applied' | 'held' | 'dropped';

/**
 * Options of a {@link PeerLifetime}.
 *
 * @example
 * ```ts
 * import type { PeerLifetimeOptions } from '@rxdc/native';
 * const options: PeerLifetimeOptions = { maxMessageSize: 65_536, answerAsDtlsServer: true };
 * ```
 */
export interface PeerLifetimeOptions {
  /** The user's receive limit (see {@link receiveLimit}); null or undefined for the default. */
  readonly maxMessageSize?: number | null;
  /**
   * Answer an offer that lets us choose the DTLS role (`a=setup:actpass`) as the passive side
   * (DTLS server), so that the remote side starts the handshake. Default false (libdatachannel's
   * own choice).
   */
  readonly answerAsDtlsServer?: boolean;
}

/** A peer's close confirms its open channels; one still unconfirmed this much later is closed alone. */
const unconfirmedChannelDelayMs = 1000;

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
 * - `setLocalDescription` calls that would abort the process are refused first;
 * - remote descriptions and candidates are checked before they reach node-datachannel (see
 *   {@link PeerLifetime.setRemoteDescription} and {@link PeerLifetime.addRemoteCandidate}):
 *   candidates that arrive before their description are held, at most
 *   {@link MAX_EARLY_REMOTE_CANDIDATES} (the one stated limit), and applied right after it;
 *   once the connection failed or closed, remote candidates are dropped and a remote
 *   description is refused with that failure.
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
  readonly #earlyRemoteCandidates = new EarlyRemoteCandidates();
  readonly #answerAsDtlsServer: boolean;
  #remoteDescribed = false;
  #remoteDescription: { sdp: string; type: string } | null = null;
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
    options: PeerLifetimeOptions = {},
  ) {
    this.native = native;
    this.#answerAsDtlsServer = options.answerAsDtlsServer === true;
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
          // The state now, not at setLocalDescription: the answer may already be applied.
          this.#localCandidates.description(type, this.#nativeSignalingState());
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
   * node-datachannel's `localDescription()` as the remote side must see it, or null: its
   * `a=max-message-size` says the receive limit, and while local candidates are held (see
   * {@link LocalCandidateRelease}: before the first local description callback, and for an
   * offerer until its answer is applied) it carries no `a=candidate` lines. libdatachannel
   * writes every candidate gathered so far into this SDP; sending them with the offer would
   * hand the remote our candidates before the answer is applied, which the release rule
   * exists to prevent. Once they are released it carries them all.
   *
   * @example
   * ```ts
   * import type { PeerLifetime } from '@rxdc/native';
   * declare const lifetime: PeerLifetime;
   * const offer = lifetime.localDescription(); // no a=candidate lines until the answer is applied
   * ```
   */
  localDescription(): { sdp: string; type: string } | null {
    const description = this.native.localDescription();
    if (description === null) return null;
    const sdp = advertiseMaxMessageSize(description.sdp, this.receiveLimit);
    return {
      ...description,
      sdp: this.#localCandidates.holding ? sdpWithoutCandidates(sdp) : sdp,
    };
  }

  #nativeSignalingState(): string {
    try {
      return this.native.signalingState();
    } catch {
      return 'closed'; // destroyed natively: nothing held can matter any more
    }
  }

  /**
   * The largest message its data channels send, in bytes: the one effective limit (see
   * {@link effectiveMessageLimit}); 0 once closed.
   */
  get maxMessageSize(): number {
    if (this.#closed) return 0;
    try {
      return effectiveMessageLimit(this.native.maxMessageSize(), this.receiveLimit);
    } catch {
      return 0;
    }
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
   * Applies the remote side's description, in this order: the checks (see
   * {@link checkRemoteDescription}); node-datachannel's `setRemoteDescription`; an offerer's
   * held local candidates go (see {@link LocalCandidateRelease}); then the remote candidates
   * held for it, in the order they came (one libdatachannel rejects goes to
   * `callbacks.rejected`, never thrown here: the description itself was applied).
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` or `INVALID_SDP` (checks, or libdatachannel
   * rejected it), `CLOSED` once the peer is closed, `CONNECTION_FAILED` (the failure itself)
   * once the connection failed: a new description cannot revive it, make a new connection.
   * @example
   * ```ts
   * import type { PeerLifetime } from '@rxdc/native';
   * declare const lifetime: PeerLifetime;
   * lifetime.setRemoteDescription({ type: 'answer', sdp: 'v=0\r\n' });
   * ```
   */
  setRemoteDescription(description: { readonly sdp: string; readonly type: string | null }): void {
    const { sdp, type } = checkRemoteDescription(description);
    // The failure first: it says more than the close that follows it.
    if (this.#failure) throw this.#failure;
    if (this.#closed) {
      throw new RtcError(
        'CLOSED',
        'setRemoteDescription on a closed PeerConnection: create a new one',
      );
    }
    // An offer that lets us choose the DTLS role: read it as "the remote is active", so that our
    // answer says passive and the remote starts the handshake.
    const applied =
      type === 'offer' && this.#answerAsDtlsServer
        ? sdp.replace(/^a=setup:actpass(?=\r?$)/gm, 'a=setup:active')
        : sdp;
    callNative('INVALID_SDP', 'remote description rejected', () =>
      this.native.setRemoteDescription(applied, (type ?? '') as RemoteDescriptionType),
    );
    // Recorded before anything is released: a released candidate's handler may read it.
    if (type !== 'rollback') {
      const detected = type ?? this.#nativeRemoteType();
      this.#remoteDescription = { sdp, type: detected };
    }
    this.remoteDescriptionApplied();
    for (const early of this.#earlyRemoteCandidates.take()) {
      try {
        this.#applyRemoteCandidate(early);
      } catch (error) {
        if (this.#callbacks.rejected) this.#callbacks.rejected(error as RtcError);
        else this.#report(error);
      }
    }
  }

  /**
   * Adds a candidate the remote side gathered (with or without `a=`; `mid` empty or left out to
   * let libdatachannel find its media). Returns what became of it (see
   * {@link RemoteCandidateResult}): held until the remote description when none is applied yet
   * (at most {@link MAX_EARLY_REMOTE_CANDIDATES}), dropped once the connection failed or closed
   * (the one behaviour after failure: signaling keeps delivering late candidates, and none can
   * matter any more).
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` or `INVALID_CANDIDATE` (checks, or
   * libdatachannel rejected it), `LIMIT_EXCEEDED` past the early-candidate limit.
   * @example
   * ```ts
   * import type { PeerLifetime } from '@rxdc/native';
   * declare const lifetime: PeerLifetime;
   * const result = lifetime.addRemoteCandidate({ candidate: 'candidate:1 1 UDP 1 127.0.0.1 9 typ host', mid: '0' });
   * ```
   */
  addRemoteCandidate(candidate: {
    readonly candidate: string;
    readonly mid?: string | null;
  }): RemoteCandidateResult {
    const checked = checkRemoteCandidate(candidate);
    if (this.#closed || this.#failure) return 'dropped';
    if (!this.#remoteDescribed) {
      // Signaling may deliver a candidate before the description it belongs to: hold it.
      this.#earlyRemoteCandidates.hold(checked);
      return 'held';
    }
    return this.#applyRemoteCandidate(checked);
  }

  /**
   * The last remote description applied through {@link PeerLifetime.setRemoteDescription}, as
   * it was given (a rollback does not replace it), or null; still readable after close.
   */
  get remoteDescription(): { sdp: string; type: string } | null {
    return this.#remoteDescription;
  }

  #nativeRemoteType(): string {
    try {
      return this.native.remoteDescription()?.type.toLowerCase() ?? 'unspec';
    } catch {
      return 'unspec';
    }
  }

  /** True while a remote description is applied (false before, and after a rollback of one). */
  get hasRemoteDescription(): boolean {
    return this.#remoteDescribed;
  }

  #applyRemoteCandidate(candidate: { candidate: string; mid: string }): RemoteCandidateResult {
    if (this.#closed || this.#failure) return 'dropped';
    try {
      this.native.addRemoteCandidate(candidate.candidate, candidate.mid);
      return 'applied';
    } catch (error) {
      const reason = describeError(error);
      // The ICE transport is gone once the connection failed or closed natively (the state
      // callback may not have arrived yet): the candidate can no longer matter.
      if (/without ICE transport/i.test(reason)) return 'dropped';
      throw new RtcError('INVALID_CANDIDATE', `remote candidate rejected: ${reason}`, {
        cause: error,
      });
    }
  }

  /**
   * node-datachannel's `setRemoteDescription` returned: an offerer's held local candidates go
   * now (see {@link LocalCandidateRelease}). {@link PeerLifetime.setRemoteDescription} calls
   * it; call it yourself only after applying a remote description to `native` directly.
   */
  remoteDescriptionApplied(): void {
    let signalingState = 'stable';
    try {
      signalingState = this.native.signalingState();
      this.#remoteDescribed = this.native.remoteDescription() !== null;
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
   * (see {@link checkLocalDescription}); `INVALID_STATE` when node-datachannel refuses it;
   * `CLOSED` once the peer is closed.
   */
  setLocalDescription(type?: LocalDescriptionType): void {
    if (this.#closed) {
      throw new RtcError(
        'CLOSED',
        'setLocalDescription on a closed PeerConnection: create a new one',
      );
    }
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
    this.#earlyRemoteCandidates.take();
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
    const orphan = new ChannelLifetime(kind, native, NO_CHANNEL_CALLBACKS, {
      report: this.#report,
    });
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
