/**
 * A CRC-32 function: the CRC of `bytes`, continuing from `previous` (as `zlib.crc32`).
 *
 * @internal
 */
export type Crc32 = (bytes: Uint8Array, previous?: number) => number;

/**
 * CRC-32 (the zlib/PNG polynomial), table-driven, eight bytes per step ("slice-by-8"). Written
 * in plain JavaScript so the framing code runs unchanged in a browser and on any Node 20
 * (`zlib.crc32` needs Node 20.15). Measured on a 64 KiB packet: about 1.9 GB/s, against about
 * 6 GB/s for `zlib.crc32`; at a data channel's 70 MiB/s that is under 4% of one core.
 */
const TABLES = buildTables();

function buildTables(): Int32Array {
  const tables = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[n] as number;
    for (let k = 1; k < 8; k++) {
      c = (tables[c & 0xff] as number) ^ (c >>> 8);
      tables[k * 256 + n] = c;
    }
  }
  return tables;
}

/**
 * The CRC-32 of `bytes`, continuing from `previous` (the CRC of what came before), as
 * `zlib.crc32(bytes, previous)` computes it.
 *
 * @internal
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const t = TABLES;
  let c = ~previous;
  let i = 0;
  const n = bytes.length;
  for (; i + 8 <= n; i += 8) {
    c ^=
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    c =
      (t[1792 + (c & 0xff)] as number) ^
      (t[1536 + ((c >>> 8) & 0xff)] as number) ^
      (t[1280 + ((c >>> 16) & 0xff)] as number) ^
      (t[1024 + (c >>> 24)] as number) ^
      (t[768 + (bytes[i + 4] as number)] as number) ^
      (t[512 + (bytes[i + 5] as number)] as number) ^
      (t[256 + (bytes[i + 6] as number)] as number) ^
      (t[bytes[i + 7] as number] as number);
  }
  for (; i < n; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
