import {
  type Audio,
  callNative,
  checkStringLimit,
  describeValue,
  type NativeDataChannel,
  type NativeTrack,
  type PeerLifetime,
  RtcError,
  type Video,
} from '@rxdc/native';
import type { Observable } from 'rxjs';
import { DataChannel } from '../channel/data-channel.js';
import { Track } from '../channel/track.js';
import type { AddTrackOptions } from '../config/add-track-options.js';
import { checkDataChannelInit, type DataChannelInit } from '../config/data-channel-init.js';
import type { ResolvedHold } from '../config/hold-config.js';
import {
  nativeMediaDescription,
  resolveTrackDescription,
} from '../media/native-media-description.js';
import type { TrackDescription } from '../media/track-description.js';
import { HeldStream } from '../streams/held-stream.js';

/**
 * The channels of a peer connection: the ones created here, and the remote side's, held until
 * someone takes them from `dataChannel$` or `track$` (one past `hold.maxObjects` is closed).
 *
 * @internal
 * @example
 * ```ts
 * import type { DataChannel } from '@rxdc/core';
 * import type { Observable } from 'rxjs';
 * // Internal: reached through PeerConnection.dataChannel$, which is this stream.
 * declare const channels: { dataChannel$: Observable<DataChannel> };
 * channels.dataChannel$.subscribe((channel) => console.log(channel.label));
 * ```
 */
export class PeerChannels {
  readonly #hold: ResolvedHold;
  readonly #reportOverflow: (error: RtcError) => void;
  readonly #dataChannels = new HeldStream<DataChannel>();
  readonly #tracks = new HeldStream<Track>();

  /** Remote data channels nobody took yet, then each new one. */
  readonly dataChannel$: Observable<DataChannel> = this.#dataChannels.stream$;
  /** Remote tracks nobody took yet, then each new one. */
  readonly track$: Observable<Track> = this.#tracks.stream$;

  /**
   * `reportOverflow` gets the `HOLD_OVERFLOW` error of a remote channel closed unheld, or of one
   * closed while it waited to be taken.
   */
  constructor(hold: ResolvedHold, reportOverflow: (error: RtcError) => void) {
    this.#hold = hold;
    this.#reportOverflow = reportOverflow;
    const objects = {
      maxBytes: Number.POSITIVE_INFINITY,
      maxCount: hold.maxObjects,
      isStale: (channel: { isClosed: boolean }) => channel.isClosed,
    };
    this.#dataChannels.setLimits(objects);
    this.#tracks.setLimits(objects);
  }

  /** Creates a local data channel owned by `lifetime`. */
  createDataChannel(lifetime: PeerLifetime, label: string, init: DataChannelInit): DataChannel {
    if (typeof label !== 'string')
      throw new RtcError(
        'INVALID_ARGUMENT',
        `data channel label must be a string, got ${describeValue(label)}`,
      );
    checkStringLimit('label', label);
    const options = checkDataChannelInit(init);
    const native = callNative('INVALID_ARGUMENT', 'cannot create data channel', () =>
      lifetime.native.createDataChannel(label, options),
    );
    const channel = new DataChannel(native, options, lifetime.receiveLimit);
    channel.setHoldLimits(this.#hold.messages);
    lifetime.adopt(channel.lifetime);
    return channel;
  }

  /**
   * Adds a local media track owned by `lifetime`: from a typed description (its media chain
   * set up for it) or a node-datachannel `Video`/`Audio` object (a raw track).
   */
  addTrack(
    lifetime: PeerLifetime,
    media: Video | Audio | TrackDescription,
    options: AddTrackOptions = {},
  ): Track {
    if (typeof media !== 'object' || media === null) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `addTrack takes a track description or a Video or Audio object, got ${describeValue(media)}`,
      );
    }
    const isNativeDescription = typeof (media as Video).mid === 'function';
    const description = isNativeDescription
      ? undefined
      : resolveTrackDescription(media as TrackDescription);
    if (options.pacing !== undefined && !description) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        'pacing needs a track added with a typed description ({ kind, codec, ... })',
      );
    }
    const nativeMedia = description ? nativeMediaDescription(description) : (media as Video);
    const native = callNative('INVALID_ARGUMENT', 'cannot add track', () =>
      lifetime.native.addTrack(nativeMedia),
    );
    const track = new Track(native);
    track.setHoldLimits(this.#hold.messages);
    lifetime.adopt(track.lifetime);
    if (description) {
      try {
        track.useDescription(description, options.pacing);
      } catch (error) {
        track.close();
        throw error;
      }
    }
    return track;
  }

  /** Takes a data channel the remote side opened; one it closed before it got here is dropped. */
  adoptDataChannel(lifetime: PeerLifetime, native: NativeDataChannel): void {
    const channel = new DataChannel(native, {}, lifetime.receiveLimit);
    channel.setHoldLimits(this.#hold.messages);
    if (lifetime.adoptIncoming(channel.lifetime))
      this.#holdOrClose(this.#dataChannels, channel, `DataChannel "${channel.label}"`);
  }

  /** Takes a track the remote side added; one it closed before it got here is dropped. */
  adoptTrack(lifetime: PeerLifetime, native: NativeTrack): void {
    const track = new Track(native);
    track.setHoldLimits(this.#hold.messages);
    track.receiveIfRecvOnly();
    if (lifetime.adoptIncoming(track.lifetime)) this.#holdOrClose(this.#tracks, track, 'Track');
  }

  /** Fails both streams with `error` (a connection that failed before it ever connected). */
  error(error: RtcError): void {
    this.#dataChannels.error(error);
    this.#tracks.error(error);
  }

  /** Completes both streams. */
  complete(): void {
    this.#dataChannels.complete();
    this.#tracks.complete();
  }

  /**
   * Hands over or holds a remote channel; one past `maxHeldObjects` is closed and reported. A
   * held channel whose messages overflow while it still waits to be taken is reported on the
   * peer too: nobody else can hear it.
   */
  #holdOrClose<T extends DataChannel | Track>(held: HeldStream<T>, channel: T, what: string): void {
    if (held.push(channel)) {
      if (held.holds(channel)) {
        channel.error$.subscribe((error) => {
          if (error.code === 'HOLD_OVERFLOW' && held.holds(channel)) this.#reportOverflow(error);
        });
      }
      return;
    }
    channel.close();
    this.#reportOverflow(
      held.overflowError(`${what} of this PeerConnection`, 'the newest was closed'),
    );
  }
}
