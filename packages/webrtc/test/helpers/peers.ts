import { type RTCDataChannel, RTCPeerConnection } from '../../src/index.js';

/** Loopback only: every test connection stays on 127.0.0.1. */
export const loopback = { bindAddress: '127.0.0.1' } as const;

/** Resolves with the next `type` event of `target`. */
export function next<E extends Event = Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise((resolve) =>
    target.addEventListener(type, (event) => resolve(event as E), { once: true }),
  );
}

/** Resolves once `predicate` holds, checked after each `type` event of `target`. */
export function until(target: EventTarget, type: string, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate()) return resolve();
    const listener = () => {
      if (!predicate()) return;
      target.removeEventListener(type, listener);
      resolve();
    };
    target.addEventListener(type, listener);
  });
}

/** Trickles each side's candidates to the other. */
export function trickle(a: RTCPeerConnection, b: RTCPeerConnection): void {
  a.addEventListener('icecandidate', (event) => {
    const { candidate } = event as unknown as { candidate: RTCIceCandidateLike | null };
    if (candidate && b.signalingState !== 'closed') b.addIceCandidate(candidate).catch(() => {});
  });
  b.addEventListener('icecandidate', (event) => {
    const { candidate } = event as unknown as { candidate: RTCIceCandidateLike | null };
    if (candidate && a.signalingState !== 'closed') a.addIceCandidate(candidate).catch(() => {});
  });
}

type RTCIceCandidateLike = { candidate: string; sdpMid: string | null };

/** Offer from `a`, answer from `b`, perfect-negotiation style (setLocalDescription without arguments). */
export async function negotiate(a: RTCPeerConnection, b: RTCPeerConnection): Promise<void> {
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
}

/** Two connected peers and an open channel on each side. */
export async function connectedPair(label = 'test', init = {}) {
  const a = new RTCPeerConnection(loopback);
  const b = new RTCPeerConnection(loopback);
  trickle(a, b);
  const local = a.createDataChannel(label, init);
  const remote = next<Event & { channel: RTCDataChannel }>(b, 'datachannel');
  const opened = next(local, 'open');
  await negotiate(a, b);
  const { channel } = await remote;
  if (channel.readyState !== 'open') await next(channel, 'open');
  await opened;
  return {
    a,
    b,
    local,
    remote: channel,
    close() {
      a.close();
      b.close();
    },
  };
}
