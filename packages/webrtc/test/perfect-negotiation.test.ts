// WebRTC 1.0's perfect negotiation pattern (section 10.7 of the spec), as applications write it:
// both sides negotiate on negotiationneeded with setLocalDescription() and no arguments; the
// polite side rolls back on a collision, the impolite one ignores the colliding offer. Both
// sides create a channel at the same moment, so the offers collide.
import { afterEach, expect, test } from 'vitest';
import {
  type RTCDataChannel,
  RTCPeerConnection,
  type RTCSessionDescriptionInit,
} from '../src/index.js';
import { loopback, next } from './helpers/peers.js';

type Message = {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInitLike | null;
};
type RTCIceCandidateInitLike = {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
};

const peers: RTCPeerConnection[] = [];
afterEach(() => {
  for (const pc of peers.splice(0)) pc.close();
});

function perfectPeer(polite: boolean, send: (message: Message) => void) {
  const pc = new RTCPeerConnection(loopback);
  peers.push(pc);
  let makingOffer = false;
  let ignoreOffer = false;
  const errors: unknown[] = [];
  const seen = { collisions: 0 };
  pc.onnegotiationneeded = async () => {
    try {
      makingOffer = true;
      await pc.setLocalDescription();
      send({ description: pc.localDescription?.toJSON() });
    } catch (error) {
      errors.push(error);
    } finally {
      makingOffer = false;
    }
  };
  pc.onicecandidate = ({ candidate }) =>
    send({ candidate: candidate?.toJSON() as RTCIceCandidateInitLike });
  const receive = async ({ description, candidate }: Message) => {
    try {
      if (description) {
        const collision =
          description.type === 'offer' && (makingOffer || pc.signalingState !== 'stable');
        if (collision) seen.collisions += 1;
        ignoreOffer = !polite && collision;
        if (ignoreOffer) return;
        await pc.setRemoteDescription(description);
        if (description.type === 'offer') {
          await pc.setLocalDescription();
          send({ description: pc.localDescription?.toJSON() });
        }
      } else if (candidate) {
        try {
          await pc.addIceCandidate(candidate);
        } catch (error) {
          if (!ignoreOffer) throw error;
        }
      }
    } catch (error) {
      errors.push(error);
    }
  };
  return { pc, receive, errors, seen };
}

test('both sides offer at once: the polite one rolls back, both channels open, messages flow both ways', async () => {
  // Signaling with a delay, as over a network: both offers are in flight together.
  const queueTo = (target: () => (message: Message) => Promise<void>) => (message: Message) => {
    setTimeout(() => void target()(message), 5);
  };
  const polite = perfectPeer(
    true,
    queueTo(() => impolite.receive),
  );
  const impolite = perfectPeer(
    false,
    queueTo(() => polite.receive),
  );
  const remotes = {
    atPolite: new Promise<RTCDataChannel>((resolve) => {
      polite.pc.ondatachannel = ({ channel }) => resolve(channel);
    }),
    atImpolite: new Promise<RTCDataChannel>((resolve) => {
      impolite.pc.ondatachannel = ({ channel }) => resolve(channel);
    }),
  };
  const fromPolite = polite.pc.createDataChannel('from-polite');
  const fromImpolite = impolite.pc.createDataChannel('from-impolite');
  await Promise.all([next(fromPolite, 'open'), next(fromImpolite, 'open')]);
  const atPolite = await remotes.atPolite;
  const atImpolite = await remotes.atImpolite;
  expect(atPolite.label).toBe('from-impolite');
  expect(atImpolite.label).toBe('from-polite');
  const heardByImpolite = next<MessageEvent>(atImpolite, 'message');
  const heardByPolite = next<MessageEvent>(atPolite, 'message');
  fromPolite.send('hello from polite');
  fromImpolite.send('hello from impolite');
  expect((await heardByImpolite).data).toBe('hello from polite');
  expect((await heardByPolite).data).toBe('hello from impolite');
  expect(polite.errors).toEqual([]);
  expect(impolite.errors).toEqual([]);
  // The offers did collide: each side got the other's offer while offering.
  expect(polite.seen.collisions).toBeGreaterThan(0);
  expect(impolite.seen.collisions).toBeGreaterThan(0);
  expect([polite.pc.signalingState, impolite.pc.signalingState]).toEqual(['stable', 'stable']);
});
