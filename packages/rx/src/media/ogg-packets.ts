import { RxError } from '../errors/rx-error.js';
import { oggPageCrc } from './ogg-crc.js';

/** The largest Ogg packet {@link oggPackets} assembles by default (Opus packets are < 64 KiB). */
export const DEFAULT_MAX_OGG_PACKET_BYTES = 1024 * 1024;

const HEADER_BYTES = 27;

/**
 * Reads an Ogg byte stream (as `ffmpeg ... -f ogg -` writes it) and yields its packets, in
 * order, whatever the chunk boundaries: pages are checked (capture pattern, version, CRC) and
 * packets that span pages are joined. One logical stream is expected; a page of another
 * stream is an error, not skipped.
 *
 * @throws {@link RxError} `MEDIA_MALFORMED` (from the iteration) for a corrupt page, a packet
 * over `maxPacketBytes`, a second logical stream, or a stream cut inside a page or a packet.
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { oggPackets } from '@rxdc/rx';
 * for await (const packet of oggPackets(createReadStream('audio.opus'))) console.log(packet.byteLength);
 * ```
 */
export async function* oggPackets(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { maxPacketBytes?: number } = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const maxPacketBytes = options.maxPacketBytes ?? DEFAULT_MAX_OGG_PACKET_BYTES;
  let buffer: Buffer = Buffer.alloc(0);
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let serial: number | undefined;
  for await (const chunk of source) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    for (;;) {
      const page = readPage(buffer);
      if (!page) break;
      buffer = buffer.subarray(page.size);
      if (serial === undefined) serial = page.serial;
      else if (page.serial !== serial) {
        throw malformed('a second logical stream (a chained or multiplexed Ogg file)');
      }
      if (!page.continued && partialBytes > 0) throw malformed('a packet cut between two pages');
      if (page.continued && partialBytes === 0 && page.isFirstOfStream) {
        throw malformed('the first page continues a packet');
      }
      let at = page.dataStart;
      for (const lace of page.lacing) {
        partial.push(page.bytes.subarray(at, at + lace));
        partialBytes += lace;
        at += lace;
        if (partialBytes > maxPacketBytes) {
          throw malformed(`a packet over ${maxPacketBytes} bytes (maxPacketBytes)`);
        }
        if (lace < 255) {
          yield new Uint8Array(Buffer.concat(partial, partialBytes));
          partial = [];
          partialBytes = 0;
        }
      }
    }
    if (buffer.length > maxPacketBytes + 65_307) throw malformed('no Ogg page found');
  }
  if (buffer.length > 0 || partialBytes > 0)
    throw malformed('the stream ends inside a page or a packet');
}

interface Page {
  readonly size: number;
  readonly serial: number;
  readonly continued: boolean;
  readonly isFirstOfStream: boolean;
  readonly lacing: Uint8Array;
  readonly dataStart: number;
  readonly bytes: Buffer;
}

/** The page at the start of `buffer`, or undefined when it is not complete yet. */
function readPage(buffer: Buffer): Page | undefined {
  if (buffer.length < HEADER_BYTES) {
    if (
      !buffer.subarray(0, 4).equals(Buffer.from('OggS').subarray(0, Math.min(4, buffer.length)))
    ) {
      throw malformed('not an Ogg page (no "OggS" capture pattern)');
    }
    return undefined;
  }
  if (buffer.toString('latin1', 0, 4) !== 'OggS') {
    throw malformed('not an Ogg page (no "OggS" capture pattern)');
  }
  if (buffer[4] !== 0) throw malformed(`Ogg version ${buffer[4]} (only 0 exists)`);
  const segments = buffer[26] as number;
  const dataStart = HEADER_BYTES + segments;
  if (buffer.length < dataStart) return undefined;
  const lacing = buffer.subarray(HEADER_BYTES, dataStart);
  let dataBytes = 0;
  for (const lace of lacing) dataBytes += lace;
  const size = dataStart + dataBytes;
  if (buffer.length < size) return undefined;
  const bytes = buffer.subarray(0, size);
  if (oggPageCrc(bytes) !== bytes.readUInt32LE(22)) throw malformed('an Ogg page fails its CRC');
  const flags = buffer[5] as number;
  return {
    size,
    serial: bytes.readUInt32LE(14),
    continued: (flags & 0x01) !== 0,
    isFirstOfStream: (flags & 0x02) !== 0,
    lacing,
    dataStart,
    bytes,
  };
}

function malformed(what: string): RxError {
  return new RxError('MEDIA_MALFORMED', `malformed Ogg stream: ${what}`);
}
