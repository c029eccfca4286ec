import { RxError } from '../errors/rx-error.js';
import { oggPackets } from './ogg-packets.js';
import { opusPacketSamples } from './opus-packet-duration.js';
import type { TimedFrame } from './timed-frame.js';

/**
 * Reads an Ogg Opus byte stream (a `.opus` file, or `ffmpeg ... -c:a libopus -f ogg -`) and
 * yields each Opus packet as a {@link TimedFrame}, timed by the durations of the packets before
 * it (48 kHz, as Opus over RTP). The `OpusHead` and `OpusTags` headers are checked and not
 * yielded.
 *
 * @throws {@link RxError} `MEDIA_MALFORMED` (from the iteration) for a stream that is not Ogg
 * Opus, or a malformed page or packet.
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { oggOpusFrames } from '@rxdc/rx';
 * for await (const frame of oggOpusFrames(createReadStream('audio.opus'))) {
 *   console.log(frame.timestamp, frame.data.byteLength);
 * }
 * ```
 */
export async function* oggOpusFrames(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<TimedFrame, void, undefined> {
  let index = 0;
  let samples = 0;
  for await (const packet of oggPackets(source)) {
    if (index === 0) {
      if (!startsWith(packet, 'OpusHead') || packet.byteLength < 19) {
        throw new RxError('MEDIA_MALFORMED', 'not an Ogg Opus stream: no OpusHead header first');
      }
    } else if (index === 1) {
      if (!startsWith(packet, 'OpusTags')) {
        throw new RxError('MEDIA_MALFORMED', 'an Ogg Opus stream without its OpusTags header');
      }
    } else {
      yield { data: packet, timestamp: samples / 48_000 };
      samples += opusPacketSamples(packet);
    }
    index += 1;
  }
}

function startsWith(packet: Uint8Array, magic: string): boolean {
  if (packet.byteLength < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (packet[i] !== magic.charCodeAt(i)) return false;
  return true;
}
