import type { LocalDescriptionType, PeerLifetime } from '@rxdc/native';
import { type Observable, ReplaySubject } from 'rxjs';
import { GatheredStream } from '../streams/gathered-stream.js';
import type { IceCandidate, SessionDescription } from './peer-states.js';

/**
 * The offer/answer side of a peer connection: local descriptions and candidates as streams,
 * remote ones handed to the lifetime, which checks, holds and applies them.
 *
 * @internal
 * @example
 * ```ts
 * import type { SessionDescription } from '@rxdc/core';
 * import type { Observable } from 'rxjs';
 * // Internal: reached through PeerConnection.localDescription$, which is this stream.
 * declare const negotiation: { localDescription$: Observable<SessionDescription> };
 * negotiation.localDescription$.subscribe(console.log);
 * ```
 */
export class Negotiation {
  readonly #localDescription = new ReplaySubject<SessionDescription>(1);
  readonly #localCandidates = new GatheredStream<IceCandidate>();
  #iceUfrag: string | undefined;
  #lastLocalDescription: SessionDescription | null = null;

  /** The latest local description, if any, then each new one; completes with `complete()`. */
  readonly localDescription$: Observable<SessionDescription> =
    this.#localDescription.asObservable();
  /** Every local candidate of the current gathering round, then each new one. */
  readonly localCandidate$: Observable<IceCandidate> = this.#localCandidates.stream$;

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

  /**
   * Applies the remote side's description through the lifetime (checks, release order and the
   * candidates held for it are @rxdc/native's; so is the record `remoteDescription` reads).
   */
  setRemoteDescription(lifetime: PeerLifetime, description: SessionDescription): void {
    lifetime.setRemoteDescription(description);
  }

  /**
   * Adds a remote candidate through the lifetime: applied, held for the description, or
   * dropped once the connection failed or closed (core's contract: no throw for those).
   */
  addRemoteCandidate(lifetime: PeerLifetime, candidate: IceCandidate): void {
    lifetime.addRemoteCandidate(candidate);
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
}
