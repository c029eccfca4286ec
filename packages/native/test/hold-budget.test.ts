// The hold budget alone (no native object): shared bytes, refusal by the first budget without
// room, release on take and clear, and the HOLD_OVERFLOW message naming the option to raise.
import { expect, test } from 'vitest';
import { BoundedHold, HoldBudget, RtcError, setMaxProcessHeldBytes } from '../src/index.js';

const size = (s: string) => s.length;

test('holds of one peer share its budget, and the process budget above it', () => {
  const process = new HoldBudget(1500, 'maxProcessHeldBytes');
  const peerA = new HoldBudget(1000, 'maxPeerHeldBytes', process);
  const peerB = new HoldBudget(1000, 'maxPeerHeldBytes', process);
  const a1 = new BoundedHold<string>({ maxBytes: 800, maxCount: 10, budget: peerA }, size);
  const a2 = new BoundedHold<string>({ maxBytes: 800, maxCount: 10, budget: peerA }, size);
  const b1 = new BoundedHold<string>({ maxBytes: 800, maxCount: 10, budget: peerB }, size);
  expect(a1.push('x'.repeat(600))).toBe(true);
  expect(a2.push('y'.repeat(600))).toBe(false); // the peer's 1,000 bytes
  expect(a2.overflowed).toBe(true);
  const error = a2.overflowError('DataChannel "c"');
  expect(error).toBeInstanceOf(RtcError);
  expect(error.code).toBe('HOLD_OVERFLOW');
  expect(error.message).toContain('maxPeerHeldBytes: 1000 bytes');
  expect(b1.push('z'.repeat(700))).toBe(true);
  const b2 = new BoundedHold<string>({ maxBytes: 800, maxCount: 10, budget: peerB }, size);
  expect(b2.push('w'.repeat(300))).toBe(false); // the process's 1,500 bytes
  expect(b2.overflowError('Track').message).toContain('maxProcessHeldBytes: 1500 bytes');
  expect([peerA.bytes, peerB.bytes, process.bytes]).toEqual([600, 700, 1300]);
  expect(a1.shift()).toHaveLength(600);
  expect([peerA.bytes, process.bytes]).toEqual([0, 700]);
  b1.clear();
  expect([peerB.bytes, process.bytes]).toEqual([0, 0]);
  expect(a2.push('y'.repeat(600))).toBe(true);
});

test('the process limit is checked', () => {
  expect(() => setMaxProcessHeldBytes(0)).toThrow(/maxProcessHeldBytes must be a whole number/);
  setMaxProcessHeldBytes(512 * 1024 * 1024);
  setMaxProcessHeldBytes(undefined as unknown as number); // back to the default
});
