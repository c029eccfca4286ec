import * as zlib from 'node:zlib';
import type { Crc32 } from './crc32.js';

/**
 * zlib's native CRC-32 when the running Node has it (20.15 and later), else `undefined` and the
 * framing code uses its table-driven CRC-32 (same results). Read through the namespace so that
 * an older Node, whose `node:zlib` has no `crc32`, still loads the package.
 *
 * @internal
 */
export const nativeCrc32: Crc32 | undefined =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? ((zlib as { crc32: Crc32 }).crc32 as Crc32)
    : undefined;
