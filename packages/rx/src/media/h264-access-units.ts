import { RxError } from '../errors/rx-error.js';
import { AnnexBSplitter } from './annex-b-splitter.js';
import type { TimedFrame } from './timed-frame.js';

/**
 * Options of {@link h264AccessUnits}.
 *
 * @example
 * ```ts
 * import type { H264AccessUnitOptions } from '@rxdc/rx';
 * const options: H264AccessUnitOptions = { framesPerSecond: 30 };
 * ```
 */
export interface H264AccessUnitOptions {
  /** Frames per second of the stream: access unit `n` gets timestamp `n / framesPerSecond`. */
  readonly framesPerSecond: number;
  /** The longest NAL unit accepted (default 16 MiB); see {@link AnnexBSplitter}. */
  readonly maxNalUnitBytes?: number;
}

const LONG_START_CODE = new Uint8Array([0, 0, 0, 1]);

/**
 * Reads an H.264 Annex-B byte stream (a file's chunks, or an encoder's stdout such as
 * `ffmpeg ... -c:v libx264 -f h264 -`) and yields one {@link TimedFrame} per access unit
 * (all the NAL units of one picture, each behind a `00 00 00 01` start code), timed by frame
 * rate: raw H.264 carries no timestamps. Access units are delimited as H.264 7.4.1.2.3 says: a
 * delimiter, SEI, SPS, PPS (types 6 to 9, 14 to 18), or a slice whose `first_mb_in_slice` is
 * 0, after the picture's slices, starts the next one.
 *
 * @throws {@link RxError} `MEDIA_MALFORMED` (from the iteration) for bytes that are not Annex-B,
 * a NAL unit whose forbidden bit is set, or a frame rate that is not a positive number.
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { h264AccessUnits } from '@rxdc/rx';
 * for await (const frame of h264AccessUnits(createReadStream('video.h264'), { framesPerSecond: 30 })) {
 *   console.log(frame.timestamp, frame.data.byteLength);
 * }
 * ```
 */
export async function* h264AccessUnits(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: H264AccessUnitOptions,
): AsyncGenerator<TimedFrame, void, undefined> {
  const fps = options.framesPerSecond;
  if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0) {
    throw new RxError(
      'MEDIA_MALFORMED',
      `framesPerSecond must be a positive number, got ${String(fps)}`,
    );
  }
  const splitter = new AnnexBSplitter(
    options.maxNalUnitBytes === undefined ? {} : { maxNalUnitBytes: options.maxNalUnitBytes },
  );
  let units: Uint8Array[] = [];
  let hasPicture = false;
  let count = 0;
  const take = (): TimedFrame => {
    const frame = { data: joinAnnexB(units), timestamp: count / fps };
    count += 1;
    units = [];
    hasPicture = false;
    return frame;
  };
  const add = function* (unit: Uint8Array): Generator<TimedFrame> {
    const header = unit[0];
    if (header === undefined) return;
    if (header & 0x80) {
      throw new RxError(
        'MEDIA_MALFORMED',
        'an H.264 NAL unit has its forbidden_zero_bit set: the stream is corrupt',
      );
    }
    const type = header & 0x1f;
    const isSlice = type >= 1 && type <= 5;
    if (hasPicture && (startsAccessUnit(type) || (isSlice && firstMbIsZero(unit)))) yield take();
    units.push(unit);
    if (isSlice) hasPicture = true;
  };
  for await (const chunk of source) {
    for (const unit of splitter.push(chunk)) yield* add(unit);
  }
  for (const unit of splitter.end()) yield* add(unit);
  if (hasPicture) yield take();
}

/** NAL unit types that can only begin an access unit (H.264 7.4.1.2.3). */
function startsAccessUnit(type: number): boolean {
  return (type >= 6 && type <= 9) || (type >= 14 && type <= 18);
}

/** `first_mb_in_slice` is ue(v) first in the slice header: 0 is the single bit `1`. */
function firstMbIsZero(unit: Uint8Array): boolean {
  return ((unit[1] ?? 0) & 0x80) !== 0;
}

function joinAnnexB(units: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const unit of units) size += 4 + unit.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const unit of units) {
    out.set(LONG_START_CODE, at);
    out.set(unit, at + 4);
    at += 4 + unit.byteLength;
  }
  return out;
}
