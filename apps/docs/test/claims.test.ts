// Prose drifts where code blocks cannot: each behavioural claim carries a proof marker naming
// the test that proves it, and this test fails when that test is renamed or removed.
import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { brokenProofs, proofMarkers } from '../scripts/check-claims.mjs';

test('every claim names a test that exists, with that exact title', () => {
  const markers = proofMarkers() as unknown[];
  expect(markers.length).toBeGreaterThan(15);
  expect(brokenProofs()).toEqual([]);
});
