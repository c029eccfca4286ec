import { RtcError } from '@rxdc/core';
import { expect, test } from 'vitest';
import * as entry from '../src/index.js';

test('the entry point re-exports core RtcError', () => {
  expect(entry.RtcError).toBe(RtcError);
});
