import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { expect, test } from 'vitest';
import { crc32 } from '../src/framing/crc32.js';
import { nativeCrc32 } from '../src/framing/native-crc32.js';

// The browser module checksums with the table-driven CRC-32, the Node entry with zlib's when
// it can: both sides of a channel must agree, byte for byte.
test('the table-driven CRC-32 equals zlib.crc32, continuation included', () => {
  const native = (zlib as { crc32?: (bytes: Uint8Array, previous?: number) => number }).crc32;
  expect(typeof native).toBe('function');
  expect(nativeCrc32).toBe(native);
  for (const length of [0, 1, 7, 8, 9, 15, 16, 1000, 65_551]) {
    const bytes = randomBytes(length);
    expect(crc32(bytes)).toBe(native?.(bytes));
    const split = Math.floor(length / 3);
    expect(crc32(bytes.subarray(split), crc32(bytes.subarray(0, split)))).toBe(native?.(bytes));
  }
  expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
});
