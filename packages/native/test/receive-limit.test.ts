// A received message over the receive limit is never delivered cut: the receiving lifetime
// reports MESSAGE_TOO_LARGE and closes the channel. The sender is made to ignore the limit the
// receiver advertises (its description is rewritten on the way: an injected fault, since a
// compliant sender never sends more).
import { afterEach, expect, test } from 'vitest';
import { liveObjects } from '../src/index.js';
import { closeAll, eventually, TestPeer } from './helpers/lifetimes.js';

const peers: TestPeer[] = [];
afterEach(async () => {
  await closeAll(...peers.splice(0));
  expect(liveObjects()).toEqual([]);
});

test('a message over the receive limit is MESSAGE_TOO_LARGE and closes the channel; the exact limit arrives whole', async () => {
  const a = new TestPeer('sender');
  const b = new TestPeer('receiver', { maxMessageSize: 100 });
  peers.push(a, b);
  const sent = { a: [0, 0], b: [0, 0] };
  const pump = (from: TestPeer, to: TestPeer, counts: number[], rewrite: (sdp: string) => string) =>
    from.onChange(() => {
      if (to.lifetime.isClosed) return;
      while (counts[0]! < from.record.descriptions.length) {
        const d = from.record.descriptions[counts[0]!++]!;
        to.lifetime.setRemoteDescription({ sdp: rewrite(d.sdp), type: d.type.toLowerCase() });
      }
      while (counts[1]! < from.record.candidates.length)
        to.lifetime.addRemoteCandidate(from.record.candidates[counts[1]!++]!);
    });
  pump(a, b, sent.a, (sdp) => sdp);
  // The injected fault: the sender is told the receiver takes 262,144 bytes.
  pump(b, a, sent.b, (sdp) => sdp.replace(/^a=max-message-size:\d+/m, 'a=max-message-size:262144'));
  const local = a.createChannel('limited');
  await eventually(() => local.phase === 'open' && b.record.incoming.length > 0, 'open');
  const remote = b.record.incoming[0]!;
  const record = b.recordOf(remote);
  expect(remote.receiveLimit).toBe(100);
  local.send(new Uint8Array(100).fill(1));
  local.send(new Uint8Array(200).fill(2));
  local.send('after');
  await eventually(() => remote.phase === 'closed', 'the receiving channel closed');
  expect(record.messages.map((m) => (m as Buffer).byteLength)).toEqual([100]);
  expect(record.errors.map((e) => e.error?.code)).toEqual(['MESSAGE_TOO_LARGE']);
  expect(record.errors[0]!.reason).toMatch(/maxMessageSize of 100 bytes/);
  expect(record.closed).toBe(1);
});
