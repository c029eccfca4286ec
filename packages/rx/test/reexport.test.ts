import { expect, test } from 'vitest';
import * as entry from '../src/index.js';

test('the entry point exports the rx error class', () => {
  expect(new entry.RxError('GAVE_UP', 'x').code).toBe('GAVE_UP');
});
