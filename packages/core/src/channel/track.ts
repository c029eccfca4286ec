import type { Direction, NativeTrack, TrackMedia } from '@rxdc/native';
import { describeValue, isDetachedView, isRtcp, RtcError } from '@rxdc/native';
import { type Observable, Subject } from 'rxjs';
import { FramePacer, type PacingOptions } from '../media/frame-pacer.js';
import { packetizerOf, sends } from '../media/native-media-description.js';
import type { ResolvedTrackDescription } from '../media/track-description.js';
import { Channel, type NativeChannel } from './channel.js';

/** The sending side of a track: its media chain, its first RTP timestamp, its pacing. */
interface Sender {
  readonly media: TrackMedia;
  readonly start: number;
  readonly pacer: FramePacer | undefined;
}

/**
 * Options of {@link Track.sendFrame}.
 *
 * @example
 * ```ts
 * import type { SendFrameOptions } from '@rxdc/core';
 * const options: SendFrameOptions = { timestamp: 1 / 30 };
 * ```
 */
export interface SendFrameOptions {
  /**
   * The frame's presentation time in seconds from the start of the stream (0 or more): it
   * becomes the RTP timestamp, in the codec's clock, from the stream's random start.
   */
  readonly timestamp: number;
}

/**
 * A media track: RTP and RTCP packets (always `Buffer`). Get one from
 * `PeerConnection.addTrack()` or from `PeerConnection.track$`.
 *
 * A track added with a typed description (`{ kind: 'video', codec: 'H264' }`) that sends
 * streams encoded frames with {@link Track.sendFrame}: libdatachannel's packetizer for the codec
 * turns each frame into RTP natively, followed by an RTCP sender reporter and a NACK responder
 * (retransmissions); keyframe and bitrate requests from the remote receiver arrive on
 * {@link Track.keyframeRequest$} and {@link Track.bitrateRequest$}. One that receives
 * (`RecvOnly`) answers the remote sender's reports and can ask it for a key frame.
 *
 * Incoming packets are split: RTP on `messages$` (held for the first subscriber, as a channel's
 * messages), RTCP on {@link Track.rtcp$} (live feedback, never held: a sending track that
 * nobody reads never fills its hold with receiver reports).
 *
 * @example
 * ```ts
 * import { PeerConnection } from '@rxdc/core';
 * const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
 * const track = peer.addTrack({ kind: 'video', codec: 'H264', msid: 'camera' });
 * track.keyframeRequest$.subscribe(() => console.log('the viewer asks for a key frame'));
 * track.open$.subscribe(() => track.sendFrame(new Uint8Array([0, 0, 0, 1, 0x65, 0x88]), { timestamp: 0 }));
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
  /**
   * The typed description the track was added with, every default filled in (SSRC, cname,
   * msid, ...); undefined for a remote track or one added with a `Video`/`Audio` object.
   */
  get description(): ResolvedTrackDescription | undefined {
    return this.#description;
  }
  readonly #track: NativeTrack;
  #description: ResolvedTrackDescription | undefined;
  #direction: Direction;
  readonly #rtcp = new Subject<Buffer>();
  readonly #keyframeRequests = new Subject<void>();
  readonly #bitrateRequests = new Subject<number>();
  /** The sending side, for a track whose description sends with a packetizer. */
  #sender: Sender | undefined;
  #lastLow = true;

  /**
   * Every RTCP packet the remote side sends on this track (receiver reports, NACKs, PLIs, ...),
   * as it arrives; not held. Completes when the track closes. On a track that only receives,
   * libdatachannel's receiving session takes the sender's reports natively (it answers them):
   * nothing reaches `rtcp$` there.
   */
  readonly rtcp$: Observable<Buffer> = this.#rtcp.asObservable();

  /**
   * Emits each time the remote receiver asks for a key frame (RTCP PLI or FIR): send one (an
   * encoder's next frame as IDR). Live, not held; completes when the track closes. Only a track
   * added with a description that sends reads them.
   */
  readonly keyframeRequest$: Observable<void> = this.#keyframeRequests.asObservable();

  /**
   * Each bitrate, in bits per second, the remote receiver asks the sender to stay under (RTCP
   * REMB). Live, not held; completes when the track closes.
   */
  readonly bitrateRequest$: Observable<number> = this.#bitrateRequests.asObservable();

  /** @internal Created by PeerConnection only. */
  constructor(native: NativeTrack) {
    super(native as unknown as NativeChannel, 'Track');
    this.#track = native;
    this.mid = native.mid();
    this.type = native.type();
    this.#direction = native.direction();
    this.lifetime.onFinished(() => {
      this.#sender?.pacer?.close();
      this.#rtcp.complete();
      this.#keyframeRequests.complete();
      this.#bitrateRequests.complete();
    });
  }

  /** The direction negotiated for the track. Readable after close (last known value). */
  get direction(): Direction {
    if (!this.isClosed) this.#direction = this.#track.direction();
    return this.#direction;
  }

  /** Bytes of frames waiting in the track's pacing queue (0 without pacing and after close). */
  override get bufferedAmount(): number {
    return this.#sender?.pacer?.buffered ?? 0;
  }

  /**
   * Sends one encoded frame: an H.264/H.265 access unit in Annex-B form (NAL units behind
   * `00 00 01` or `00 00 00 01` start codes), an AV1 temporal unit, an Opus packet, G.711
   * samples. libdatachannel packetizes it natively into RTP at the frame's timestamp. With
   * pacing, a frame the rate does not allow yet waits in a bounded queue (`bufferedAmount`);
   * without, it leaves at once (over UDP: a receiver that stalls never holds the sender up).
   *
   * @throws {@link RtcError} `INVALID_STATE` on a track without a packetizer (added without a
   * description, receive-only, or a VP8/VP9 track); `NOT_OPEN` before the track opens; `CLOSED`
   * after close; `INVALID_ARGUMENT` for a frame that is not a non-empty `Uint8Array`, malformed
   * for its codec, or a timestamp that is not a finite number of seconds; `MESSAGE_TOO_LARGE`
   * for a frame over its codec's limit; `LIMIT_EXCEEDED` when the pacing queue is full.
   */
  sendFrame(frame: Uint8Array, options: SendFrameOptions): void {
    const sender = this.#sender;
    if (!sender) {
      throw new RtcError(
        'INVALID_STATE',
        this.description
          ? `sendFrame needs a track that sends with a packetizer: this ${this.description.codec} track is ${this.description.direction}${packetizerOf(this.description) ? '' : ' and its codec has no packetizer (receive only)'}`
          : 'sendFrame needs a track added with a description that sends, e.g. { kind: "video", codec: "H264" }',
      );
    }
    if (this.isClosed) throw new RtcError('CLOSED', 'sendFrame on a closed track');
    if (!this.isOpen)
      throw new RtcError('NOT_OPEN', 'sendFrame before the track opened: wait for open$');
    if (!(frame instanceof Uint8Array) || isDetachedView(frame)) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `sendFrame takes the encoded frame as a Uint8Array, got ${describeValue(frame)}`,
      );
    }
    const timestamp = (options as SendFrameOptions | undefined)?.timestamp;
    if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `sendFrame takes { timestamp }: seconds from the start of the stream, 0 or more, got ${describeValue(timestamp)}`,
      );
    }
    if (!sender.pacer) {
      this.#sendNow(frame, timestamp);
      return;
    }
    sender.pacer.push(frame, timestamp);
    if (sender.pacer.buffered > this.bufferedAmountLowThreshold) this.#lastLow = false;
  }

  /**
   * Asks the remote sender for a key frame (an RTCP PLI), on a track that receives
   * (`RecvOnly` description). Safe at any time: false when nothing was sent (the track is not
   * open or closed, or receives nothing).
   */
  requestKeyframe(): boolean {
    if (!this.isOpen) return false;
    try {
      return this.lifetime.media.requestKeyframe();
    } catch (error) {
      if (error instanceof RtcError && (error.code === 'NOT_OPEN' || error.code === 'CLOSED'))
        return false;
      throw error;
    }
  }

  /**
   * Asks the remote sender to limit its bitrate, in bits per second (an RTCP REMB, on a track
   * that receives).
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a bitrate that is not a whole number from 0
   * to 2^32 - 1, `NOT_OPEN` before the track opens, `CLOSED` after close.
   */
  requestBitrate(bitsPerSecond: number): boolean {
    return this.lifetime.media.requestBitrate(bitsPerSecond);
  }

  /**
   * RTCP goes to rtcp$, live; RTP to messages$, held for its first reader. The native lifetime
   * diverts before it holds anything: a sending track nobody reads never fills its hold with
   * receiver reports. @internal
   */
  protected override divert(message: Buffer): boolean {
    if (!isRtcp(message)) return false;
    this.#rtcp.next(message);
    return true;
  }

  /**
   * A remote track this side only receives (a browser's camera it offered) answers the sender's
   * reports and can ask it for key frames, as a `RecvOnly` description does. @internal
   */
  receiveIfRecvOnly(): void {
    if (this.#direction === 'RecvOnly' && (this.type === 'video' || this.type === 'audio')) {
      this.lifetime.media.chain({ type: 'rtcp-receiving-session' });
    }
  }

  /** Sets up the media chain of a track added with a typed description. @internal */
  useDescription(description: ResolvedTrackDescription, pacing: PacingOptions | undefined): void {
    this.#description = description;
    const media = this.lifetime.media;
    const packetizer = packetizerOf(description);
    if (!sends(description) || !packetizer) {
      if (description.direction === 'RecvOnly') media.chain({ type: 'rtcp-receiving-session' });
      return;
    }
    const rtp = {
      ssrc: description.ssrc,
      cname: description.cname,
      payloadType: description.payloadType,
      clockRate: description.clockRate,
    };
    if (packetizer === 'H264' || packetizer === 'H265') {
      media.setPacketizer({
        type: packetizer === 'H264' ? 'h264' : 'h265',
        separator: 'StartSequence',
        rtp,
      });
    } else if (packetizer === 'AV1') {
      media.setPacketizer({ type: 'av1', packetization: 'TemporalUnit', rtp });
    } else media.setPacketizer({ type: 'rtp', rtp });
    media.chain({ type: 'rtcp-sr-reporter' });
    media.chain({ type: 'rtcp-nack-responder' });
    media.chain({ type: 'pli-handler', onPli: () => this.#keyframeRequests.next() });
    media.chain({ type: 'remb-handler', onRemb: (bits) => this.#bitrateRequests.next(bits) });
    const pacer = pacing
      ? new FramePacer(
          pacing,
          (frame, timestamp) => this.#sendNow(frame, timestamp),
          (buffered, error) => this.#paced(buffered, error),
        )
      : undefined;
    this.#sender = { media, start: media.rtpTimestamp, pacer };
  }

  #sendNow(frame: Uint8Array, timestamp: number): void {
    const sender = this.#sender as Sender;
    sender.media.rtpTimestamp =
      (sender.start + sender.media.secondsToTimestamp(timestamp)) % 2 ** 32;
    sender.media.send(frame);
  }

  /** A paced frame left: bufferedAmountLow$ on crossing the threshold; a failure on error$. */
  #paced(buffered: number, error?: unknown): void {
    if (error !== undefined) {
      if (this.isClosed) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.reportError(
        error instanceof RtcError
          ? error
          : new RtcError('NATIVE_FAILURE', `a paced frame failed: ${reason}`, { cause: error }),
      );
      return;
    }
    const low = buffered <= this.bufferedAmountLowThreshold;
    if (low && !this.#lastLow) this.emitBufferedAmountLow();
    this.#lastLow = low;
  }
}
