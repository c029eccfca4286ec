import type { IceCandidate, PeerConnection } from '@rxdc/core';
import { Subscription } from 'rxjs';

/**
 * Wires two peer connections of the same process to each other: each one's descriptions and
 * candidates (trickled as they are gathered) go to the other. Candidates gathered before the
 * other side has the description they belong to wait for it (node-datachannel can report a
 * candidate before its description). Unsubscribe to stop wiring (the peers stay open). Nothing is thrown into node-datachannel: a description or candidate the
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
    // A candidate given to a peer without a remote description is refused ("without ICE
    // transport"): hold candidates until the description has been applied.
    let described = false;
    let waiting: IceCandidate[] = [];
    const addCandidate = guard((candidate: IceCandidate) => to.addRemoteCandidate(candidate));
    wiring.add(
      from.localDescription$.subscribe(
        guard((description) => {
          to.setRemoteDescription(description);
          described = true;
          const held = waiting;
          waiting = [];
          for (const candidate of held) addCandidate(candidate);
        }),
      ),
    );
    wiring.add(
      from.localCandidate$.subscribe((candidate) => {
        if (described) addCandidate(candidate);
        else waiting.push(candidate);
      }),
    );
  }
  return wiring;
}
