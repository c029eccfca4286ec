import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RxError } from '../src/errors/rx-error.js';
import { AnnexBSplitter } from '../src/media/annex-b-splitter.js';
import { h264AccessUnits } from '../src/media/h264-access-units.js';
import { oggOpusFrames } from '../src/media/ogg-opus-frames.js';
import { oggPackets } from '../src/media/ogg-packets.js';
import { opusPacketSamples } from '../src/media/opus-packet-duration.js';

// Files made by fixtures/make-fixtures.sh with Debian's ffmpeg.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const h264 = fixture('testsrc-64x48-10f.h264');
const sliced = fixture('testsrc-64x48-10f-sliced.h264');
const opus = fixture('tone-200ms.opus');

/** The bytes cut into chunks of `size` (1 byte splits every start code). */
function* chunks(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += size) yield bytes.subarray(at, at + size);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof RxError ? `${error.code}: ${error.message}` : String(error);
  }
  return 'resolved';
}

const nalTypes = (accessUnit: Uint8Array) => {
  const splitter = new AnnexBSplitter();
  return [...splitter.push(accessUnit), ...splitter.end()].map(
    (unit) => (unit[0] as number) & 0x1f,
  );
};

describe('AnnexBSplitter', () => {
  test('finds the same NAL units whatever the chunk size', () => {
    const whole = new AnnexBSplitter();
    const expected = [...whole.push(h264), ...whole.end()];
    expect(expected.length).toBeGreaterThan(10);
    for (const size of [1, 2, 3, 7, 100, 4096]) {
      const splitter = new AnnexBSplitter();
      const units = [...chunks(h264, size)].flatMap((chunk) => splitter.push(chunk));
      units.push(...splitter.end());
      expect(units.map((u) => Buffer.from(u).toString('hex'))).toEqual(
        expected.map((u) => Buffer.from(u).toString('hex')),
      );
    }
    // Bytes between start codes, trailing zeros of a 4-byte start code removed.
    expect((expected[0] as Uint8Array)[0]).toBe(0x67); // SPS
    expect((expected[1] as Uint8Array)[0]).toBe(0x68); // PPS
  });

  test('refuses bytes before the first start code, and a NAL unit over the limit', () => {
    expect(() => new AnnexBSplitter().push(new Uint8Array([0, 7, 0, 0, 1, 0x67]))).toThrow(
      /must start with a 00 00 01 start code/,
    );
    const small = new AnnexBSplitter({ maxNalUnitBytes: 100 });
    expect(() => small.push(new Uint8Array([0, 0, 1, ...new Uint8Array(200).fill(5)]))).toThrow(
      RxError,
    );
  });
});

describe('h264AccessUnits', () => {
  test('yields one access unit per picture, timed by frame rate, in 1-byte chunks too', async () => {
    for (const source of [[h264], [...chunks(h264, 1)]]) {
      const frames = await collect(h264AccessUnits(source, { framesPerSecond: 10 }));
      expect(frames.map((f) => f.timestamp)).toEqual(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => n / 10),
      );
      // An IDR every 5 frames (-g 5): SPS, PPS (SEI first only) and an IDR slice open them.
      expect(nalTypes(frames[0]?.data as Uint8Array)).toEqual([7, 8, 6, 5]);
      expect(nalTypes(frames[1]?.data as Uint8Array)).toEqual([1]);
      expect(nalTypes(frames[5]?.data as Uint8Array)).toEqual([7, 8, 5]);
      // Every byte of the stream is in some frame (start codes normalized to 4 bytes).
      const payload = frames.reduce((sum, f) => sum + f.data.byteLength, 0);
      expect(payload).toBeGreaterThanOrEqual(h264.byteLength - 40);
    }
  });

  test('keeps the slices of one picture together (first_mb_in_slice)', async () => {
    const frames = await collect(h264AccessUnits([sliced], { framesPerSecond: 10 }));
    expect(frames).toHaveLength(10);
    expect(nalTypes(frames[1]?.data as Uint8Array)).toEqual([1, 1, 1]);
  });

  test('refuses a set forbidden bit, garbage, and a frame rate that is not positive', async () => {
    expect(
      await rejection(
        collect(h264AccessUnits([new Uint8Array([0, 0, 1, 0xe5, 1])], { framesPerSecond: 30 })),
      ),
    ).toMatch(/^MEDIA_MALFORMED: .*forbidden_zero_bit/);
    expect(
      await rejection(collect(h264AccessUnits([Buffer.from('hello')], { framesPerSecond: 30 }))),
    ).toMatch(/^MEDIA_MALFORMED/);
    expect(await rejection(collect(h264AccessUnits([h264], { framesPerSecond: 0 })))).toMatch(
      /^MEDIA_MALFORMED: framesPerSecond/,
    );
  });
});

describe('Ogg Opus', () => {
  test('oggPackets finds every packet whatever the chunk size', async () => {
    const whole = await collect(oggPackets([opus]));
    const byte = await collect(oggPackets(chunks(opus, 1)));
    expect(byte.map((p) => Buffer.from(p).toString('hex'))).toEqual(
      whole.map((p) => Buffer.from(p).toString('hex')),
    );
    expect(Buffer.from(whole[0] as Uint8Array).toString('latin1', 0, 8)).toBe('OpusHead');
  });

  test('oggOpusFrames times each packet by the durations before it', async () => {
    const frames = await collect(oggOpusFrames([opus]));
    // ffprobe counts the same packets (headers apart).
    const probe = spawnSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-count_packets',
        '-show_entries',
        'stream=nb_read_packets',
        '-of',
        'csv=p=0',
        '-',
      ],
      { input: opus },
    );
    expect(frames).toHaveLength(Number(probe.stdout.toString().trim()));
    expect(frames.slice(0, 4).map((f) => f.timestamp)).toEqual([0, 0.02, 0.04, 0.06]);
    for (const frame of frames) expect(opusPacketSamples(frame.data)).toBe(960);
  });

  test('a corrupt page fails its CRC; a cut stream and a stream that is not Opus are refused', async () => {
    const corrupt = Buffer.from(opus);
    corrupt[60] = (corrupt[60] as number) ^ 0xff;
    expect(await rejection(collect(oggPackets([corrupt])))).toMatch(/CRC/);
    expect(await rejection(collect(oggPackets([opus.subarray(0, opus.length - 5)])))).toMatch(
      /ends inside a page/,
    );
    expect(await rejection(collect(oggPackets([Buffer.from('RIFF....WAVE')])))).toMatch(/OggS/);
    expect(await rejection(collect(oggOpusFrames([h264])))).toMatch(/^MEDIA_MALFORMED/);
  });

  test('opusPacketSamples reads the TOC byte', () => {
    expect(opusPacketSamples(new Uint8Array([0x08]))).toBe(960); // SILK 20 ms, 1 frame
    expect(opusPacketSamples(new Uint8Array([0x71]))).toBe(960); // hybrid 10 ms, 2 frames
    expect(opusPacketSamples(new Uint8Array([0xe3, 0x03]))).toBe(360); // CELT 2.5 ms x3
    expect(() => opusPacketSamples(new Uint8Array([]))).toThrow(RxError);
    expect(() => opusPacketSamples(new Uint8Array([0x1b, 0x03]))).toThrow(/2.5 to 120 ms/);
  });
});
