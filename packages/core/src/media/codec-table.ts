import type { Audio, Video } from '@rxdc/native';
import type { AudioCodec, VideoCodec } from './track-description.js';

/**
 * What rxdc knows of each codec: its RTP clock rate, default payload type, how the SDP offers
 * it, and which libdatachannel packetizer sends its frames (none: receive only).
 *
 * @internal
 */
export interface CodecInfo {
  readonly clockRate: number;
  readonly defaultPayloadType: number;
  readonly packetizer: 'H264' | 'H265' | 'AV1' | 'RTP' | undefined;
  readonly add: (media: Video & Audio, payloadType: number, profile: string | undefined) => void;
}

const video = (
  packetizer: CodecInfo['packetizer'],
  add: (media: Video, payloadType: number, profile: string | undefined) => void,
): CodecInfo => ({ clockRate: 90_000, defaultPayloadType: 96, packetizer, add });

/** @internal */
export const VIDEO_CODECS: Readonly<Record<VideoCodec, CodecInfo>> = {
  H264: video('H264', (media, pt, profile) =>
    profile === undefined ? media.addH264Codec(pt) : media.addH264Codec(pt, profile),
  ),
  H265: video('H265', (media, pt, profile) =>
    profile === undefined ? media.addH265Codec(pt) : media.addVideoCodec(pt, 'H265', profile),
  ),
  AV1: video('AV1', (media, pt, profile) =>
    profile === undefined ? media.addAV1Codec(pt) : media.addVideoCodec(pt, 'AV1', profile),
  ),
  VP8: video(undefined, (media, pt, profile) =>
    profile === undefined ? media.addVP8Codec(pt) : media.addVideoCodec(pt, 'VP8', profile),
  ),
  VP9: video(undefined, (media, pt, profile) =>
    profile === undefined ? media.addVP9Codec(pt) : media.addVideoCodec(pt, 'VP9', profile),
  ),
};

/** @internal */
export const AUDIO_CODECS: Readonly<Record<AudioCodec, CodecInfo>> = {
  opus: {
    clockRate: 48_000,
    defaultPayloadType: 111,
    packetizer: 'RTP',
    add: (media, pt, profile) =>
      profile === undefined ? media.addOpusCodec(pt) : media.addOpusCodec(pt, profile),
  },
  PCMU: {
    clockRate: 8000,
    defaultPayloadType: 0,
    packetizer: 'RTP',
    add: (media, pt, profile) =>
      profile === undefined
        ? media.addAudioCodec(pt, 'PCMU')
        : media.addAudioCodec(pt, 'PCMU', profile),
  },
  PCMA: {
    clockRate: 8000,
    defaultPayloadType: 8,
    packetizer: 'RTP',
    add: (media, pt, profile) =>
      profile === undefined
        ? media.addAudioCodec(pt, 'PCMA')
        : media.addAudioCodec(pt, 'PCMA', profile),
  },
};
