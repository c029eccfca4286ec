import { afterEach, expect } from 'vitest';
import { liveObjects } from '../../src/index.js';

// Every test closes what it opens; closes are confirmed asynchronously by node-datachannel,
// so give them a moment before asserting that nothing native is left alive.
afterEach(async () => {
  const deadline = Date.now() + 3000;
  while (liveObjects().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(JSON.stringify(liveObjects()), 'native objects left alive by this test').toBe('[]');
});
