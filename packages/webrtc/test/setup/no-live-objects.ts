import { liveObjects } from '@rxdc/native';
import { afterEach, expect } from 'vitest';

// Every test closes what it opens; node-datachannel confirms closes asynchronously, so give
// them a moment before asserting that nothing native is left alive.
afterEach(async () => {
  const deadline = Date.now() + 5000;
  while (liveObjects().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(JSON.stringify(liveObjects()), 'native objects left alive by this test').toBe('[]');
});
