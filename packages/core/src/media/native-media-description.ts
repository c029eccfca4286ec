import { randomBytes } from 'node:crypto';
import { Audio, type Direction, describeValue, RtcError, Video } from '@rxdc/native';
import { AUDIO_CODECS, type CodecInfo, VIDEO_CODECS } from './codec-table.js';
import type { ResolvedTrackDescription, TrackDescription } from './track-description.js';

const DIRECTIONS: readonly Direction[] = ['SendOnly', 'RecvOnly', 'SendRecv', 'Inactive'];

/**
 * An SDP token (mid, msid, track id, cname): visible ASCII without spaces, so that no value
 * can break the SDP line it is written into (a CR or LF would inject lines).
 */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Checks a typed track description and fills in its defaults.
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` naming the wrong field.
 * @internal
 */
export function resolveTrackDescription(description: TrackDescription): ResolvedTrackDescription {
  if (typeof description !== 'object' || description === null) {
    throw invalid(`a track description must be an object, got ${describeValue(description)}`);
  }
  const { kind, codec } = description;
  let info: CodecInfo | undefined;
  if (kind === 'video') info = Object.hasOwn(VIDEO_CODECS, codec) ? VIDEO_CODECS[codec] : undefined;
  else if (kind === 'audio')
    info = Object.hasOwn(AUDIO_CODECS, codec) ? AUDIO_CODECS[codec] : undefined;
  else throw invalid(`kind must be 'video' or 'audio', got ${describeValue(kind)}`);
  if (!info) {
    const known = Object.keys(kind === 'video' ? VIDEO_CODECS : AUDIO_CODECS).join(', ');
    throw invalid(`unknown ${kind} codec ${describeValue(codec)}: one of ${known}`);
  }
  const mid = token('mid', description.mid ?? kind, 64);
  const payloadType = description.payloadType ?? info.defaultPayloadType;
  if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) {
    throw invalid(
      `payloadType must be a whole number from 0 to 127, got ${describeValue(payloadType)}`,
    );
  }
  const ssrc = description.ssrc ?? randomSsrc();
  if (!Number.isInteger(ssrc) || ssrc < 1 || ssrc > 0xffffffff) {
    throw invalid(`ssrc must be a whole number from 1 to 4294967295, got ${describeValue(ssrc)}`);
  }
  const direction = description.direction ?? 'SendOnly';
  if (!DIRECTIONS.includes(direction)) {
    throw invalid(
      `direction must be one of ${DIRECTIONS.join(', ')}, got ${describeValue(direction)}`,
    );
  }
  const profile = description.profile;
  if (
    profile !== undefined &&
    (typeof profile !== 'string' || !TOKEN.test(profile) || profile.length > 1024)
  ) {
    throw invalid(
      `profile must be fmtp parameters without spaces or line breaks, got ${describeValue(profile)}`,
    );
  }
  return {
    kind,
    codec,
    mid,
    payloadType,
    ssrc,
    cname: token('cname', description.cname ?? `rxdc-${randomBytes(4).toString('hex')}`, 255),
    msid: token('msid', description.msid ?? 'rxdc', 64),
    trackId: token('trackId', description.trackId ?? mid, 64),
    direction,
    profile,
    clockRate: info.clockRate,
  } as ResolvedTrackDescription;
}

/**
 * The node-datachannel `Video` or `Audio` description of a resolved track description: its
 * codec at its payload type, and its SSRC with cname, msid and track id (what a browser needs
 * to give the track a stream) when this side sends.
 *
 * @internal
 */
export function nativeMediaDescription(description: ResolvedTrackDescription): Video | Audio {
  const media =
    description.kind === 'video'
      ? new Video(description.mid, description.direction)
      : new Audio(description.mid, description.direction);
  const info =
    description.kind === 'video'
      ? VIDEO_CODECS[description.codec]
      : AUDIO_CODECS[description.codec];
  info.add(media as Video & Audio, description.payloadType, description.profile);
  if (sends(description)) {
    media.addSSRC(description.ssrc, description.cname, description.msid, description.trackId);
  }
  return media;
}

/** True when the description's direction sends media from this side. @internal */
export function sends(description: { direction: Direction }): boolean {
  return description.direction === 'SendOnly' || description.direction === 'SendRecv';
}

/** The codec's packetizer, or undefined for a codec that can only be received. @internal */
export function packetizerOf(description: ResolvedTrackDescription): CodecInfo['packetizer'] {
  return description.kind === 'video'
    ? VIDEO_CODECS[description.codec].packetizer
    : AUDIO_CODECS[description.codec].packetizer;
}

function token(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length > max || !TOKEN.test(value)) {
    throw invalid(
      `${field} must be 1 to ${max} visible ASCII characters without spaces, got ${describeValue(value)}`,
    );
  }
  return value;
}

function randomSsrc(): number {
  return (randomBytes(4).readUInt32BE(0) % 0xfffffffe) + 1;
}

function invalid(message: string): RtcError {
  return new RtcError('INVALID_ARGUMENT', message);
}
