import type { Direction, NativeTrack } from '@rxdc/native';
import { RtcError } from '@rxdc/native';
import { Channel, type NativeChannel } from './channel.js';

/**
 * A media track: a {@link Channel} whose messages are RTP/RTCP packets (always `Buffer`).
 * Get one from `PeerConnection.addTrack()` or from `PeerConnection.track$`.
 *
 * node-datachannel gives tracks no buffered amount, so `bufferedAmount` is always 0 and
 * `bufferedAmountLow$` never emits.
 *
 * @example
 * ```ts
 * import { Video } from '@rxdc/core';
 * const video = new Video('video', 'SendRecv');
 * video.addH264Codec(96);
 * const track = peer.addTrack(video);
 * track.messages$.subscribe((packet) => console.log('rtp', packet.byteLength));
 * ```
 */
export class Track extends Channel<Buffer> {
  /** Always `'Track'`: what `liveObjects()` reports for it. */
  get kind(): 'Track' {
    // A getter on the prototype, not a field: one slot less in every channel.
    return 'Track';
  }
  /** The media id (`a=mid`) of the track. Readable after close. */
  readonly mid: string;
  /** `'audio'`, `'video'` or `'application'`. Readable after close. */
  readonly type: string;
  readonly #track: NativeTrack;
  #direction: Direction;

  /** @internal Created by PeerConnection only. */
  constructor(native: NativeTrack) {
    super(native as unknown as NativeChannel, 'Track');
    this.#track = native;
    this.mid = native.mid();
    this.type = native.type();
    this.#direction = native.direction();
  }

  /** The direction negotiated for the track. Readable after close (last known value). */
  get direction(): Direction {
    if (!this.isClosed) this.#direction = this.#track.direction();
    return this.#direction;
  }

  /**
   * Asks the remote sender for a key frame.
   *
   * @throws {@link RtcError} `NOT_OPEN` before the track opens (node-datachannel would abort
   * the process), `CLOSED` after close.
   */
  requestKeyframe(): boolean {
    this.#requireOpen('requestKeyframe');
    return this.#track.requestKeyframe();
  }

  /**
   * Asks the remote sender to limit its bitrate, in bits per second.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a bitrate that is not a positive whole
   * number, `NOT_OPEN` before the track opens, `CLOSED` after close.
   */
  requestBitrate(bitsPerSecond: number): boolean {
    if (!Number.isSafeInteger(bitsPerSecond) || bitsPerSecond <= 0 || bitsPerSecond > 0xffffffff) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `requestBitrate takes a positive whole number of bits per second, got ${String(bitsPerSecond)}`,
      );
    }
    this.#requireOpen('requestBitrate');
    return this.#track.requestBitrate(bitsPerSecond);
  }

  #requireOpen(what: string): void {
    if (this.isClosed) throw new RtcError('CLOSED', `${what}() on a closed track`);
    if (!this.isOpen || !this.#track.isOpen()) {
      throw new RtcError('NOT_OPEN', `${what}() needs an open track: wait for open$ first`);
    }
  }
}
