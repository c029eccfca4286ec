// The offerer's candidate release on real node-datachannel peers when the app answers in the
// same turn as the offer (before node-datachannel's local-description callback has run), and
// what `localDescription()` hands out while candidates are held.
import { afterEach, expect, test } from 'vitest';
import { liveObjects } from '../src/index.js';
import { closeAll, eventually, TestPeer } from './helpers/lifetimes.js';

const peers: TestPeer[] = [];
const peer = (name: string): TestPeer => {
  const created = new TestPeer(name);
  peers.push(created);
  return created;
};

afterEach(async () => {
  await closeAll(...peers.splice(0));
  expect(liveObjects()).toEqual([]);
});

const hasCandidates = (sdp: string): boolean => /^a=candidate:/m.test(sdp);

test('an answer applied before the offer callback runs still releases the offerer candidates', async () => {
  const a = peer('a');
  const b = peer('b');
  // One synchronous turn: the offer (auto-negotiated by createDataChannel), read from the getter,
  // answered by b and applied on a before a's description callback can run.
  const local = a.createChannel('test');
  const offer = a.lifetime.localDescription();
  expect(offer?.type.toLowerCase()).toBe('offer');
  expect(a.record.descriptions).toEqual([]); // the callback has not run yet: the order under test
  b.lifetime.setRemoteDescription({ sdp: offer!.sdp, type: 'offer' });
  const answer = b.lifetime.localDescription();
  expect(answer?.type.toLowerCase()).toBe('answer');
  // Only a's candidates may make the connection: none of b's reach a.
  const answerSdp = answer!.sdp.replace(/^a=(?:candidate:.*|end-of-candidates)\r?\n/gm, '');
  a.lifetime.setRemoteDescription({ sdp: answerSdp, type: 'answer' });
  expect(a.record.descriptions).toEqual([]);
  let sent = 0;
  const forward = (): void => {
    if (b.lifetime.isClosed) return;
    while (sent < a.record.candidates.length)
      b.lifetime.addRemoteCandidate(a.record.candidates[sent++]!);
  };
  a.onChange(forward);
  await eventually(() => a.record.candidates.length > 0, "a's candidates released to the app");
  await eventually(
    () =>
      (local.phase === 'open' && b.record.incoming.length > 0) ||
      a.record.failure !== undefined ||
      b.record.failure !== undefined,
    'an open channel pair',
  );
  expect(a.record.failure).toBeUndefined();
  expect(local.phase).toBe('open');
});

test('localDescription() carries no candidates while they are held, all of them once released', async () => {
  const a = peer('a');
  const b = peer('b');
  a.createChannel('test');
  // Gathering done: libdatachannel's own SDP now lists the candidates, none released yet.
  await eventually(
    () => hasCandidates(a.lifetime.native.localDescription()?.sdp ?? ''),
    'candidates gathered into the native SDP',
  );
  await eventually(() => a.record.descriptions.length > 0, "a's offer callback");
  expect(a.record.candidates).toEqual([]);
  expect(hasCandidates(a.lifetime.localDescription()!.sdp)).toBe(false);
  expect(a.lifetime.localDescription()!.sdp).toMatch(/^a=max-message-size:/m);
  // The answer applied: the candidates go, and the getter carries them.
  b.lifetime.setRemoteDescription({ sdp: a.lifetime.localDescription()!.sdp, type: 'offer' });
  a.lifetime.setRemoteDescription({ sdp: b.lifetime.localDescription()!.sdp, type: 'answer' });
  await eventually(() => a.record.candidates.length > 0, "a's candidates released");
  expect(hasCandidates(a.lifetime.localDescription()!.sdp)).toBe(true);
});
