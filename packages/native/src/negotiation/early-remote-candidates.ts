import { MAX_EARLY_REMOTE_CANDIDATES } from '../config/limits.js';
import { RtcError } from '../errors/rtc-error.js';

/**
 * Remote candidates given before the remote description they belong to (signaling may deliver
 * them first), kept until it is set, at most {@link MAX_EARLY_REMOTE_CANDIDATES}.
 *
 * @example
 * ```ts
 * import { EarlyRemoteCandidates } from '@rxdc/native';
 * const early = new EarlyRemoteCandidates();
 * early.hold({ candidate: 'candidate:1 1 UDP 1 127.0.0.1 5000 typ host', mid: '0' });
 * for (const candidate of early.take()) console.log(candidate);
 * ```
 */
export class EarlyRemoteCandidates {
  #held: Array<{ candidate: string; mid: string }> = [];

  /**
   * Keeps one candidate.
   *
   * @throws {@link RtcError} `LIMIT_EXCEEDED` past {@link MAX_EARLY_REMOTE_CANDIDATES}.
   */
  hold(candidate: { candidate: string; mid: string }): void {
    if (this.#held.length >= MAX_EARLY_REMOTE_CANDIDATES) {
      throw new RtcError(
        'LIMIT_EXCEEDED',
        `more than ${MAX_EARLY_REMOTE_CANDIDATES} remote candidates before the remote description: ` +
          'set the remote description first',
      );
    }
    this.#held.push({ candidate: candidate.candidate, mid: candidate.mid });
  }

  /** Hands every held candidate over, in order, and forgets them. */
  take(): Array<{ candidate: string; mid: string }> {
    return this.#held.splice(0);
  }
}
