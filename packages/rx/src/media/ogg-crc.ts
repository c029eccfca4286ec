/**
 * The CRC-32 of an Ogg page (RFC 3533: polynomial 0x04c11db7, not reflected, initial value 0,
 * computed with the page's own CRC field zeroed). Not the zlib CRC of rx's framing.
 */
const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The Ogg CRC of `page`, with its CRC field (bytes 22 to 25) taken as zeros. @internal */
export function oggPageCrc(page: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < page.byteLength; i++) {
    const byte = i >= 22 && i < 26 ? 0 : (page[i] as number);
    crc = ((crc << 8) ^ (TABLE[((crc >>> 24) ^ byte) & 0xff] as number)) >>> 0;
  }
  return crc;
}
