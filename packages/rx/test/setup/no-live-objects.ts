import { liveObjects } from '@rxdc/core';
import { afterEach, expect } from 'vitest';

// Every test closes what it opens; node-datachannel confirms closes asynchronously.
afterEach(async () => {
  const deadline = Date.now() + 3000;
  while (liveObjects().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(liveObjects(), 'native objects left alive by this test').toEqual([]);
});
