import { RxError } from '../errors/rx-error.js';

/** The longest NAL unit a splitter holds by default while waiting for the next start code. */
export const DEFAULT_MAX_NAL_UNIT_BYTES = 16 * 1024 * 1024;

const START_CODE = Buffer.from([0, 0, 1]);

/**
 * Splits an H.264/H.265 Annex-B byte stream (NAL units behind `00 00 01` or `00 00 00 01`
 * start codes, as `ffmpeg -f h264` writes it) into NAL units, chunk by chunk, whatever the
 * chunk boundaries. A NAL unit is complete when the next start code (or the end) arrives;
 * memory is bounded by the longest NAL unit allowed.
 *
 * @example
 * ```ts
 * import { AnnexBSplitter } from '@rxdc/rx';
 * const splitter = new AnnexBSplitter();
 * const units = [...splitter.push(new Uint8Array([0, 0, 0, 1, 0x67, 1, 0, 0, 1, 0x68])), ...splitter.end()];
 * console.log(units.length); // 2
 * ```
 */
export class AnnexBSplitter {
  readonly #maxNalUnitBytes: number;
  #pending: Buffer = Buffer.alloc(0);
  /** True once the first start code was seen: bytes before it are leading zeros only. */
  #started = false;

  /**
   * @param options `maxNalUnitBytes`: a NAL unit longer than this (no start code found within
   * it) fails with `MEDIA_MALFORMED` rather than growing memory (default 16 MiB).
   */
  constructor(options: { maxNalUnitBytes?: number } = {}) {
    this.#maxNalUnitBytes = options.maxNalUnitBytes ?? DEFAULT_MAX_NAL_UNIT_BYTES;
  }

  /**
   * Adds bytes of the stream; returns the NAL units they complete (without start codes).
   *
   * @throws {@link RxError} `MEDIA_MALFORMED` when the stream does not start with a start code
   * or a NAL unit exceeds the limit.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const bytes =
      this.#pending.length === 0
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.concat([this.#pending, chunk]);
    const units: Uint8Array[] = [];
    let from = 0;
    if (!this.#started) {
      const first = bytes.indexOf(START_CODE);
      const garbageEnd = first === -1 ? bytes.length : first;
      for (let i = 0; i < garbageEnd; i++) {
        if (bytes[i] !== 0) {
          throw new RxError(
            'MEDIA_MALFORMED',
            'not an Annex-B stream: it must start with a 00 00 01 start code (ffmpeg: -f h264)',
          );
        }
      }
      if (first === -1) {
        // Only zeros so far: keep the last two, they may begin the start code.
        this.#pending = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2)));
        return units;
      }
      this.#started = true;
      from = first + 3;
    }
    // `bytes` starts right after a start code from here on (from is the unit's first byte).
    for (;;) {
      const next = bytes.indexOf(START_CODE, from);
      if (next === -1) break;
      units.push(copyTrimmed(bytes, from, next));
      from = next + 3;
    }
    this.#pending = Buffer.from(bytes.subarray(from));
    if (this.#pending.length > this.#maxNalUnitBytes) {
      throw new RxError(
        'MEDIA_MALFORMED',
        `no start code within ${this.#maxNalUnitBytes} bytes: not an Annex-B stream, or a NAL unit over the limit (maxNalUnitBytes)`,
      );
    }
    return units;
  }

  /** Ends the stream: returns the last NAL unit, if any. The splitter can be reused after. */
  end(): Uint8Array[] {
    const last = this.#started ? copyTrimmed(this.#pending, 0, this.#pending.length) : undefined;
    this.#pending = Buffer.alloc(0);
    this.#started = false;
    return last && last.byteLength > 0 ? [last] : [];
  }
}

/** The unit between two start codes, without the zeros that belong to the next start code. */
function copyTrimmed(bytes: Buffer, start: number, end: number): Uint8Array {
  let stop = end;
  while (stop > start && bytes[stop - 1] === 0) stop--;
  return new Uint8Array(bytes.subarray(start, stop));
}
