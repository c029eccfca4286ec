import { RxError } from '../errors/rx-error.js';

/** Frame sizes in 48 kHz samples, by the TOC byte's configuration number (RFC 6716 3.1). */
const FRAME_SAMPLES = [
  ...[480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880], // SILK
  ...[480, 960, 480, 960], // hybrid
  ...[120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960], // CELT
];

/**
 * How long an Opus packet plays, in 48 kHz samples, read from its TOC byte (RFC 6716 3.1):
 * the frame size times the number of frames.
 *
 * @throws {@link RxError} `MEDIA_MALFORMED` for an empty packet, a code-3 packet without its
 * frame count byte, or one over 120 ms (the most a packet may hold).
 * @example
 * ```ts
 * import { opusPacketSamples } from '@rxdc/rx';
 * console.log(opusPacketSamples(new Uint8Array([0xfc, 0xff, 0xfe]))); // 960: one 20 ms CELT frame
 * ```
 */
export function opusPacketSamples(packet: Uint8Array): number {
  const toc = packet[0];
  if (toc === undefined) throw new RxError('MEDIA_MALFORMED', 'an empty Opus packet');
  const frameSamples = FRAME_SAMPLES[toc >> 3] as number;
  const code = toc & 0x03;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code === 3) {
    const count = packet[1];
    if (count === undefined) {
      throw new RxError('MEDIA_MALFORMED', 'an Opus code-3 packet without its frame count');
    }
    frames = count & 0x3f;
  } else frames = 2;
  const samples = frameSamples * frames;
  if (samples === 0 || samples > 5760) {
    throw new RxError(
      'MEDIA_MALFORMED',
      `an Opus packet of ${frames} frames of ${frameSamples / 48} ms: a packet holds 2.5 to 120 ms`,
    );
  }
  return samples;
}
