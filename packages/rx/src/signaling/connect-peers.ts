import type { PeerConnection } from '@rxdc/core';
import { Subscription } from 'rxjs';

/**
 * Wires two peer connections of the same process to each other: each one's descriptions and
 * candidates (trickled as they are gathered) go to the other. Unsubscribe to stop wiring (the
 * peers stay open). Nothing is thrown into node-datachannel: a description or candidate the
 * other side rejects is reported on `onError` (default: `console.error`).
 *
 * @example
 * ```ts
 * import { PeerConnection } from '@rxdc/core';
 * import { connectPeers } from '@rxdc/rx';
 * const a = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
 * const b = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
 * const wiring = connectPeers(a, b);
 * const channel = a.createDataChannel('chat');
 * ```
 */
export function connectPeers(
  a: PeerConnection,
  b: PeerConnection,
  onError: (error: unknown) => void = (error) => console.error('connectPeers:', error),
): Subscription {
  const wiring = new Subscription();
  const guard =
    <T>(apply: (value: T) => void) =>
    (value: T): void => {
      try {
        apply(value);
      } catch (error) {
        onError(error);
      }
    };
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    wiring.add(
      from.localDescription$.subscribe(
        guard((description) => to.setRemoteDescription(description)),
      ),
    );
    wiring.add(
      from.localCandidate$.subscribe(guard((candidate) => to.addRemoteCandidate(candidate))),
    );
  }
  return wiring;
}
