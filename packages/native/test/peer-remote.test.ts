// PeerLifetime's remote side on real node-datachannel peers: the checks, the early-candidate
// hold and its limit, the release order, and the one behaviour after failure or close.
import { afterEach, expect, test } from 'vitest';
import { liveObjects, MAX_EARLY_REMOTE_CANDIDATES } from '../src/index.js';
import { codeOf } from './helpers/code-of.js';
import { closeAll, eventually, openPair, TestPeer } from './helpers/lifetimes.js';

const hostCandidate = 'candidate:1 1 UDP 2122317823 127.0.0.1 9 typ host';
const peers: TestPeer[] = [];
const peer = (name: string, options?: ConstructorParameters<typeof TestPeer>[1]): TestPeer => {
  const created = new TestPeer(name, options);
  peers.push(created);
  return created;
};

afterEach(async () => {
  await closeAll(...peers.splice(0));
  expect(liveObjects()).toEqual([]);
});

test('a remote description is checked before it reaches node-datachannel', () => {
  const a = peer('a');
  const set = (d: unknown) => () => a.lifetime.setRemoteDescription(d as never);
  expect(codeOf(set(null))).toBe('INVALID_ARGUMENT');
  expect(codeOf(set({ type: 'offer' }))).toBe('INVALID_ARGUMENT');
  expect(codeOf(set({ type: 'bogus', sdp: 'v=0' }))).toBe('INVALID_SDP');
  expect(codeOf(set({ type: undefined, sdp: 'v=0' }))).toBe('INVALID_SDP');
  expect(codeOf(set({ type: 'offer', sdp: 'not sdp' }))).toBe('INVALID_SDP');
  // Well-formed enough to pass the checks, refused by libdatachannel itself.
  expect(codeOf(set({ type: 'offer', sdp: 'v=0\r\nthis is broken\r\n' }))).toBe('INVALID_SDP');
  expect(a.lifetime.hasRemoteDescription).toBe(false);
});

test('a remote candidate is checked; before the description it is held, up to the one limit', () => {
  const a = peer('a');
  const add = (c: unknown) => () => a.lifetime.addRemoteCandidate(c as never);
  expect(codeOf(add(null))).toBe('INVALID_ARGUMENT');
  expect(codeOf(add({ candidate: 7, mid: '0' }))).toBe('INVALID_ARGUMENT');
  expect(codeOf(add({ candidate: hostCandidate, mid: 0 }))).toBe('INVALID_ARGUMENT');
  expect(codeOf(add({ candidate: 'nonsense', mid: '0' }))).toBe('INVALID_CANDIDATE');
  for (let i = 0; i < MAX_EARLY_REMOTE_CANDIDATES; i++) {
    expect(a.lifetime.addRemoteCandidate({ candidate: `a=${hostCandidate}`, mid: '0' })).toBe(
      'held',
    );
  }
  expect(codeOf(add({ candidate: hostCandidate, mid: '0' }))).toBe('LIMIT_EXCEEDED');
});

test('candidates that arrive before their description still connect (held, then applied in order)', async () => {
  const a = peer('a');
  const b = peer('b');
  const results: string[] = [];
  // Every candidate first, every description after: the worst order signaling can deliver.
  const pump = (from: TestPeer, to: TestPeer, sent: number): (() => void) => {
    let candidates = 0;
    let descriptions = sent;
    return () => {
      if (to.lifetime.isClosed) return;
      while (candidates < from.record.candidates.length)
        results.push(to.lifetime.addRemoteCandidate(from.record.candidates[candidates++]!));
      if (candidates > 0) {
        while (descriptions < from.record.descriptions.length) {
          const d = from.record.descriptions[descriptions++]!;
          to.lifetime.setRemoteDescription({ sdp: d.sdp, type: d.type.toLowerCase() });
        }
      }
    };
  };
  const ab = pump(a, b, 1); // a's offer goes by hand, below
  const ba = pump(b, a, 0);
  a.onChange(ab);
  b.onChange(ba);
  // The offerer's candidates wait for its answer: send b the offer now, candidates follow.
  const local = a.createChannel('early');
  await eventually(() => a.record.descriptions.length > 0, 'the offer');
  b.lifetime.setRemoteDescription({ sdp: a.record.descriptions[0]!.sdp, type: 'offer' });
  await eventually(
    () => local.phase === 'open' || a.record.failure !== undefined,
    'the channel open',
  );
  expect(local.phase).toBe('open');
  expect(results).toContain('held');
  expect(results.every((r) => r === 'held' || r === 'applied')).toBe(true);
});

test("an offerer's local candidates go only after its answer was applied (the release order)", async () => {
  const a = peer('a');
  const b = peer('b');
  a.createChannel('order');
  await eventually(() => a.record.descriptions.length > 0, 'the offer');
  b.lifetime.setRemoteDescription({ sdp: a.record.descriptions[0]!.sdp, type: 'offer' });
  await eventually(() => b.record.descriptions.length > 0, 'the answer');
  // Gathering runs meanwhile: nothing may have reached the offerer's callback yet.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(a.record.candidates).toEqual([]);
  a.lifetime.setRemoteDescription({ sdp: b.record.descriptions[0]!.sdp, type: 'answer' });
  await eventually(() => a.record.candidates.length > 0, 'candidates released by the answer');
});

test('a held candidate libdatachannel rejects goes to `rejected`; the description is still applied', async () => {
  const a = peer('a');
  const b = peer('b');
  b.createChannel('x');
  await eventually(() => b.record.descriptions.length > 0, 'the offer');
  // Passes the shape check, but libdatachannel cannot parse it.
  expect(a.lifetime.addRemoteCandidate({ candidate: 'candidate:garbage', mid: '0' })).toBe('held');
  a.lifetime.setRemoteDescription({ sdp: b.record.descriptions[0]!.sdp, type: 'offer' });
  expect(a.lifetime.hasRemoteDescription).toBe(true);
  expect(a.record.rejected.map((e) => e.code)).toEqual(['INVALID_CANDIDATE']);
  // After the description, the same candidate is refused at once, as a throw.
  expect(
    codeOf(() => a.lifetime.addRemoteCandidate({ candidate: 'candidate:garbage', mid: '0' })),
  ).toBe('INVALID_CANDIDATE');
});

test('after close: candidates are dropped, descriptions and setLocalDescription are CLOSED', () => {
  const a = peer('a');
  a.lifetime.close();
  expect(a.lifetime.addRemoteCandidate({ candidate: hostCandidate, mid: '0' })).toBe('dropped');
  expect(codeOf(() => a.lifetime.setRemoteDescription({ type: 'offer', sdp: 'v=0' }))).toBe(
    'CLOSED',
  );
  expect(codeOf(() => a.lifetime.setLocalDescription())).toBe('CLOSED');
  // The checks still come first: a wrong shape is a wrong shape, closed or not.
  expect(codeOf(() => a.lifetime.addRemoteCandidate({ candidate: 'x', mid: '0' }))).toBe(
    'INVALID_CANDIDATE',
  );
});

test('after a failed open (injected: corrupted fingerprint): candidates dropped, a description is the failure', async () => {
  const a = peer('a');
  const b = peer('b');
  let candidatesAB = 0;
  let candidatesBA = 0;
  a.onChange(() => {
    while (candidatesAB < a.record.candidates.length)
      b.lifetime.addRemoteCandidate(a.record.candidates[candidatesAB++]!);
  });
  b.onChange(() => {
    while (candidatesBA < b.record.candidates.length)
      a.lifetime.addRemoteCandidate(b.record.candidates[candidatesBA++]!);
  });
  a.createChannel('doomed');
  await eventually(() => a.record.descriptions.length > 0, 'the offer');
  b.lifetime.setRemoteDescription({ sdp: a.record.descriptions[0]!.sdp, type: 'offer' });
  await eventually(() => b.record.descriptions.length > 0, 'the answer');
  const corrupted = b.record.descriptions[0]!.sdp.replace(
    /^(a=fingerprint:\S+ )([0-9A-F]{2})/m,
    (_all, head: string, first: string) => `${head}${first === '00' ? '11' : '00'}`,
  );
  a.lifetime.setRemoteDescription({ sdp: corrupted, type: 'answer' });
  await eventually(() => a.lifetime.failure !== undefined, 'the failure', 30_000);
  expect(a.lifetime.failure?.code).toBe('CONNECTION_FAILED');
  expect(a.lifetime.addRemoteCandidate({ candidate: hostCandidate, mid: '0' })).toBe('dropped');
  expect(codeOf(() => a.lifetime.setRemoteDescription({ type: 'offer', sdp: 'v=0' }))).toBe(
    'CONNECTION_FAILED',
  );
});

test('setLocalDescription refuses what would abort node-datachannel', () => {
  const a = peer('a');
  expect(codeOf(() => a.lifetime.setLocalDescription())).toBe('NOTHING_TO_NEGOTIATE');
  expect(codeOf(() => a.lifetime.setLocalDescription('answer'))).toBe('INVALID_STATE');
  expect(codeOf(() => a.lifetime.setLocalDescription('bogus' as never))).toBe('INVALID_ARGUMENT');
});

test('two wired lifetimes open a channel; the peer limit is the one effective limit', async () => {
  const { a, b, local, remote } = await openPair({
    a: { maxMessageSize: 5000 },
    b: { maxMessageSize: 3000 },
  });
  peers.push(a, b);
  // a receives up to 5000 but b up to 3000: a sends at most 3000; b at most min(5000, 3000).
  expect(a.lifetime.maxMessageSize).toBe(3000);
  expect(b.lifetime.maxMessageSize).toBe(3000);
  expect(local.maxMessageSize).toBe(3000);
  expect(remote.maxMessageSize).toBe(3000);
});
