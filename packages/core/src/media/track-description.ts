import type { Direction } from '@rxdc/native';

/**
 * Video codecs a track can offer. H264, H265 and AV1 can be sent with `Track.sendFrame`
 * (libdatachannel has their packetizers); VP8 and VP9 can only be received.
 *
 * @example
 * ```ts
 * import type { VideoCodec } from '@rxdc/core';
 * const codec: VideoCodec = 'H264';
 * ```
 */
export type VideoCodec = 'H264' | 'H265' | 'AV1' | 'VP8' | 'VP9';

/**
 * Audio codecs a track can offer; each can be sent with `Track.sendFrame` (one encoded packet
 * per frame: an Opus packet, or G.711 samples).
 *
 * @example
 * ```ts
 * import type { AudioCodec } from '@rxdc/core';
 * const codec: AudioCodec = 'opus';
 * ```
 */
export type AudioCodec = 'opus' | 'PCMU' | 'PCMA';

/** What video and audio descriptions share. */
interface MediaTrackFields {
  /** The media id (`a=mid`), unique in the connection (default: the kind, `video` or `audio`). */
  readonly mid?: string;
  /** The RTP payload type, 0 to 127 (default 96 for video, 111 for Opus, 0 PCMU, 8 PCMA). */
  readonly payloadType?: number;
  /** The RTP SSRC of what this side sends, 1 to 2^32 - 1 (default: random). */
  readonly ssrc?: number;
  /** The RTCP canonical name (default: random, `rxdc-` and 8 hex digits). */
  readonly cname?: string;
  /**
   * The media stream id (`a=msid`): a browser groups tracks of one msid into one
   * `MediaStream`, the `event.streams[0]` of its `ontrack` (default `rxdc`).
   */
  readonly msid?: string;
  /** The track id within that stream (default: the mid). */
  readonly trackId?: string;
  /** The direction this side offers (default `SendOnly`). */
  readonly direction?: Direction;
  /** The `a=fmtp` parameters of the codec, e.g. an H.264 profile (default: libdatachannel's). */
  readonly profile?: string;
}

/**
 * A video track to add with `PeerConnection.addTrack`: codec, payload type, SSRC, cname, msid,
 * track id and direction, each with a default.
 *
 * @example
 * ```ts
 * import type { VideoTrackDescription } from '@rxdc/core';
 * const camera: VideoTrackDescription = { kind: 'video', codec: 'H264', msid: 'camera' };
 * ```
 */
export interface VideoTrackDescription extends MediaTrackFields {
  /** A video track. */
  readonly kind: 'video';
  /** The codec offered. */
  readonly codec: VideoCodec;
}

/**
 * An audio track to add with `PeerConnection.addTrack` (see {@link VideoTrackDescription}).
 *
 * @example
 * ```ts
 * import type { AudioTrackDescription } from '@rxdc/core';
 * const microphone: AudioTrackDescription = { kind: 'audio', codec: 'opus', msid: 'camera' };
 * ```
 */
export interface AudioTrackDescription extends MediaTrackFields {
  /** An audio track. */
  readonly kind: 'audio';
  /** The codec offered. */
  readonly codec: AudioCodec;
}

/**
 * A typed track description: video or audio.
 *
 * @example
 * ```ts
 * import type { TrackDescription } from '@rxdc/core';
 * const tracks: TrackDescription[] = [
 *   { kind: 'video', codec: 'H264' },
 *   { kind: 'audio', codec: 'opus' },
 * ];
 * ```
 */
export type TrackDescription = VideoTrackDescription | AudioTrackDescription;

/**
 * A track description with every default filled in, as `Track.description` reports it.
 *
 * @example
 * ```ts
 * import type { ResolvedTrackDescription } from '@rxdc/core';
 * const ssrcOf = (description: ResolvedTrackDescription): number => description.ssrc;
 * ```
 */
export type ResolvedTrackDescription = {
  readonly [K in keyof MediaTrackFields]-?: K extends 'profile'
    ? string | undefined
    : NonNullable<MediaTrackFields[K]>;
} & (
  | { readonly kind: 'video'; readonly codec: VideoCodec }
  | { readonly kind: 'audio'; readonly codec: AudioCodec }
) & {
    /** The RTP clock rate of the codec (90,000 for video, 48,000 Opus, 8,000 G.711). */
    readonly clockRate: number;
  };
