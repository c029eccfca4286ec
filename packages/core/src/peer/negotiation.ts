import {
  callNative,
  EarlyRemoteCandidates,
  type LocalDescriptionType,
  type PeerLifetime,
  RtcError,
} from '@rxdc/native';
import { type Observable, ReplaySubject } from 'rxjs';
import { describeValue } from '../errors/describe-value.js';
import { GatheredStream } from '../streams/gathered-stream.js';
import type { IceCandidate, SessionDescription } from './peer-states.js';

/**
 * The offer/answer side of a peer connection: local descriptions and candidates as streams,
 * remote ones checked and applied (candidates that come early are kept until the description).
 *
 * @internal
 * @example
 * ```ts
 * const negotiation = new Negotiation(true);
 * negotiation.localDescription$.subscribe(console.log);
 * ```
 */
export class Negotiation {
  readonly #answerAsDtlsServer: boolean;
  readonly #localDescription = new ReplaySubject<SessionDescription>(1);
  readonly #localCandidates = new GatheredStream<IceCandidate>();
  readonly #earlyRemoteCandidates = new EarlyRemoteCandidates();
  #iceUfrag: string | undefined;
  #lastLocalDescription: SessionDescription | null = null;
  #lastRemoteDescription: SessionDescription | null = null;

  /** The latest local description, if any, then each new one; completes with `complete()`. */
  readonly localDescription$: Observable<SessionDescription> =
    this.#localDescription.asObservable();
  /** Every local candidate of the current gathering round, then each new one. */
  readonly localCandidate$: Observable<IceCandidate> = this.#localCandidates.stream$;

  /** `answerAsDtlsServer`: answer an `actpass` offer as the passive (DTLS server) side. */
  constructor(answerAsDtlsServer: boolean) {
    this.#answerAsDtlsServer = answerAsDtlsServer;
  }

  /** The native side produced a local description. */
  onLocalDescription(sdp: string, type: string): void {
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
  }

  /** The native side gathered a local candidate. */
  onLocalCandidate(candidate: string, mid: string): void {
    this.#localCandidates.push({ candidate, mid });
  }

  /** The current local description (the last one read once `lifetime` is closed), or null. */
  localDescription(lifetime: PeerLifetime): SessionDescription | null {
    if (!lifetime.isClosed)
      this.#lastLocalDescription =
        (lifetime.localDescription() as SessionDescription | null) ?? this.#lastLocalDescription;
    return this.#lastLocalDescription;
  }

  /** The remote description as given to `setRemoteDescription`, or null. */
  get remoteDescription(): SessionDescription | null {
    return this.#lastRemoteDescription;
  }

  /** Checks and applies the remote side's description, then the candidates kept for it. */
  setRemoteDescription(lifetime: PeerLifetime, description: SessionDescription): void {
    if (
      typeof description !== 'object' ||
      description === null ||
      typeof description.sdp !== 'string'
    ) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `setRemoteDescription takes { type, sdp }, got ${describeValue(description)}`,
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
      lifetime.native.setRemoteDescription(applied, type),
    );
    if (type !== 'rollback') this.#lastRemoteDescription = { type, sdp };
    lifetime.remoteDescriptionApplied();
    for (const early of this.#earlyRemoteCandidates.take()) {
      try {
        this.#applyRemoteCandidate(lifetime, early);
      } catch {
        // It was checked when given; a connection that failed meanwhile no longer needs it.
      }
    }
  }

  /** Checks a remote candidate, then applies it, keeps it (no remote description yet) or drops it (failed or closed). */
  addRemoteCandidate(lifetime: PeerLifetime, candidate: IceCandidate): void {
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      typeof candidate.candidate !== 'string' ||
      typeof candidate.mid !== 'string'
    ) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `addRemoteCandidate takes { candidate, mid } strings, got ${describeValue(candidate)}`,
      );
    }
    if (!/^(a=)?candidate:\S/.test(candidate.candidate)) {
      throw new RtcError(
        'INVALID_CANDIDATE',
        `not an ICE candidate: ${JSON.stringify(candidate.candidate)} (expected "candidate:...")`,
      );
    }
    if (lifetime.isClosed || lifetime.failure) return;
    if (this.remoteDescription === null) {
      // Signaling may deliver a candidate before the description it belongs to: keep it.
      this.#earlyRemoteCandidates.hold(candidate);
      return;
    }
    this.#applyRemoteCandidate(lifetime, candidate);
  }

  /** Starts negotiation by hand: an offer, or an answer when a remote offer is pending. */
  setLocalDescription(lifetime: PeerLifetime, type?: LocalDescriptionType): void {
    lifetime.setLocalDescription(type);
  }

  /** Completes the local description and candidate streams. */
  complete(): void {
    this.#localDescription.complete();
    this.#localCandidates.complete();
  }

  #applyRemoteCandidate(lifetime: PeerLifetime, candidate: IceCandidate): void {
    try {
      lifetime.native.addRemoteCandidate(candidate.candidate, candidate.mid);
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
}
