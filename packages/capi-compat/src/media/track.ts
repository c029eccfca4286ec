// Tracks: rtcAddTrack from an SDP media description (parsed into node-datachannel's Video /
// Audio description), rtcAddTrackEx from rtcTrackInit, remote tracks, and track queries.
import {
  Audio,
  type Direction,
  RtcError,
  type NativeTrack as Track,
  type TrackMedia,
  Video,
} from '@rxdc/native';
import {
  type CharBuffer,
  copyString,
  type IntPointer,
  isBufferArg,
  isInt,
  isIntPointer,
} from '../buffers.js';
import { newChannelEntry, refreshCache } from '../channel/channel-events.js';
import { deleteChannel } from '../channel/channel-functions.js';
import {
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  RTC_ERR_SUCCESS,
} from '../constants.js';
import { tryRead } from '../guard.js';
import {
  allocateId,
  type ChannelEntry,
  type PeerEntry,
  peerEntry,
  register,
  trackEntry,
} from '../handles.js';
import { installPeerInterceptor } from './media-interceptor.js';

/**
 * `rtcTrackInit` of rtcAddTrackEx: missing fields take C's zero defaults.
 *
 * @example
 * ```ts
 * import { RTC_CODEC_OPUS, RTC_DIRECTION_SENDONLY, type rtcTrackInit } from '@rxdc/capi-compat';
 * const init: rtcTrackInit = { direction: RTC_DIRECTION_SENDONLY, codec: RTC_CODEC_OPUS, payloadType: 111, ssrc: 42, mid: 'audio', name: 'mic' };
 * ```
 */
export interface rtcTrackInit {
  /** Media direction: an `RTC_DIRECTION_*` value (0, unknown, writes no direction attribute). */
  direction?: number;
  /** Codec: an `RTC_CODEC_*` value (H264, VP8, VP9, H265, AV1, OPUS, PCMU, PCMA, AAC, G722); 0 is H264. */
  codec?: number;
  /** RTP payload type of the codec (0-127). */
  payloadType?: number;
  /** RTP SSRC of the local stream (unsigned 32-bit); 0 writes no SSRC lines. */
  ssrc?: number;
  /** Media identifier (`a=mid`); missing means `"video"` or `"audio"` after the codec. */
  mid?: string | null;
  /** Optional: the CNAME written for the SSRC (`a=ssrc:<ssrc> cname:<name>`). */
  name?: string | null;
  /** Optional: the media stream id written for the SSRC (`a=ssrc:<ssrc> msid:<msid> <trackId>`). */
  msid?: string | null;
  /** Optional: the track id used in the MSID; missing means the same as `msid`. */
  trackId?: string | null;
  /** Optional: the codec profile, written as the format parameters (`a=fmtp:<pt> <profile>`); missing uses the codec's default. */
  profile?: string | null;
}

const DIRECTIONS: Record<string, number> = {
  Unknown: 0,
  SendOnly: 1,
  RecvOnly: 2,
  SendRecv: 3,
  Inactive: 4,
};
const DIRECTION_ATTRS: Record<string, Direction> = {
  sendonly: 'SendOnly',
  recvonly: 'RecvOnly',
  sendrecv: 'SendRecv',
  inactive: 'Inactive',
};
const STATIC_AUDIO: Record<string, string> = {
  '0': 'PCMU/8000',
  '8': 'PCMA/8000',
  '9': 'G722/8000',
};

/**
 * Registers a native track under a new id: one added here, or a remote one, which is dropped
 * (undefined) when the remote side closed it before it got here (@rxdc/native's rule).
 * @internal
 */
export function adoptTrack(
  pc: PeerEntry,
  native: Track,
  media: ChannelEntry['media'],
  incoming?: 'incoming',
): ChannelEntry | undefined {
  const entry = newChannelEntry(allocateId(), 'tr', native, pc.id, pc.userPtr);
  if (incoming) {
    if (!pc.lifetime.adoptIncoming(entry.lifetime)) return undefined;
  } else pc.lifetime.adopt(entry.lifetime);
  entry.mid = tryRead(() => native.mid()) ?? '';
  entry.media = media;
  refreshCache(entry);
  register(entry);
  installPeerInterceptor(pc, entry as Extract<ChannelEntry, { kind: 'tr' }>);
  return entry;
}

/**
 * Reads an m-line as libdatachannel 0.24.5 does (`Description::Entry`): an optional `m=`, then
 * type, port (0-65535) and protocol separated by any whitespace; the formats are the leading
 * integers of the rest (anything after the first non-integer is ignored, none is fine).
 */
function parseMline(line: string): { type: string; formats: string[] } | undefined {
  const tokens = (line.startsWith('m=') ? line.slice(2) : line).trim().split(/\s+/);
  const [type = '', port = '', protocol = ''] = tokens;
  if (type === '' || !/^\d+$/.test(port) || Number(port) > 65535 || protocol === '')
    return undefined;
  const formats: string[] = [];
  for (const token of tokens.slice(3)) {
    if (!/^[+-]?\d+$/.test(token)) break;
    formats.push(String(Number(token)));
  }
  return { type, formats };
}

/**
 * Parses an SDP media description into a node-datachannel Video/Audio, or an error code, by
 * libdatachannel's own rules (`Description::Media(const string &sdp)`): the first line (up to
 * the first LF, not trimmed away) is the m-line, the next lines are trimmed at the end only,
 * empty ones skipped, only `a=` lines and the `b=AS:` bandwidth read, and `a=mid:` is required. A media type other than
 * audio or video is RTC_ERR_NOT_AVAIL (libdatachannel accepts any; node-datachannel builds
 * only these two).
 */
function parseMedia(sdp: string): Video | Audio | number {
  const lines = sdp.split('\n');
  const mline = parseMline(lines[0] ?? '');
  if (!mline) return RTC_ERR_INVALID;
  if (mline.type !== 'audio' && mline.type !== 'video') return RTC_ERR_NOT_AVAIL;
  const kind = mline.type;
  const formats = mline.formats;
  let mid: string | undefined;
  let direction: Direction = 'Unknown';
  const rtpmaps = new Map<string, string>();
  const fmtps = new Map<string, string>();
  const ssrcs = new Map<number, { cname?: string; msid?: string; trackId?: string }>();
  const rest: string[] = [];
  let bitrate: number | undefined;
  for (const line of lines.slice(1).map((l) => l.trimEnd())) {
    // The bandwidth line libdatachannel reads (`b=AS:<kbit/s>`, Media::parseSdpLine).
    const bandwidth = /^b=AS:(\d+)$/.exec(line);
    if (bandwidth) bitrate = Number(bandwidth[1]);
    if (!line.startsWith('a=')) continue;
    const attr = line.slice(2);
    const colon = attr.indexOf(':');
    const key = colon < 0 ? attr : attr.slice(0, colon);
    const value = colon < 0 ? '' : attr.slice(colon + 1);
    if (key === 'mid') mid = value;
    else if (DIRECTION_ATTRS[key]) direction = DIRECTION_ATTRS[key]!;
    else if (key === 'rtpmap') {
      const m = value.match(/^(\d+) (\S+)$/);
      if (m) rtpmaps.set(m[1]!, m[2]!);
    } else if (key === 'fmtp') {
      const m = value.match(/^(\d+) (.+)$/);
      if (m) fmtps.set(m[1]!, m[2]!);
    } else if (key === 'ssrc') {
      const m = value.match(/^(\d+)(?: (\S+?)(?::(.*))?)?$/);
      if (!m) continue;
      const ssrc = Number(m[1]);
      const info = ssrcs.get(ssrc) ?? {};
      if (m[2] === 'cname') info.cname = m[3];
      if (m[2] === 'msid') {
        const [stream, track] = (m[3] ?? '').split(' ');
        info.msid = stream;
        info.trackId = track;
      }
      ssrcs.set(ssrc, info);
    } else if (key !== 'rtcp-fb' && key !== 'rtcp-mux') rest.push(line);
  }
  if (!mid) return RTC_ERR_INVALID;
  const media = kind === 'video' ? new Video(mid, direction) : new Audio(mid, direction);
  for (const pt of formats.length > 0 ? formats : [...rtpmaps.keys()]) {
    const codec = rtpmaps.get(pt) ?? (kind === 'audio' ? STATIC_AUDIO[pt] : undefined);
    const payloadType = Number(pt);
    if (!codec || !Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) continue;
    const fmtp = fmtps.get(pt);
    if (kind === 'video') {
      if (fmtp !== undefined) (media as Video).addVideoCodec(payloadType, codec, fmtp);
      else (media as Video).addVideoCodec(payloadType, codec);
    } else if (fmtp !== undefined) (media as Audio).addAudioCodec(payloadType, codec, fmtp);
    else (media as Audio).addAudioCodec(payloadType, codec);
  }
  for (const [ssrc, info] of ssrcs) {
    // node-datachannel rejects undefined optional arguments: pass only the ones known
    if (info.msid !== undefined)
      media.addSSRC(ssrc, info.cname ?? '', info.msid, info.trackId ?? info.msid);
    else if (info.cname !== undefined) media.addSSRC(ssrc, info.cname);
    else media.addSSRC(ssrc);
  }
  for (const line of rest) media.parseSdpLine(line);
  if (bitrate !== undefined && bitrate <= 0x7fffffff) media.setBitrate(bitrate);
  return media;
}

function addMedia(pc: number, build: () => Video | Audio | number): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  let media: Video | Audio | number;
  try {
    media = build();
  } catch {
    return RTC_ERR_INVALID;
  }
  if (typeof media === 'number') return media;
  if (entry.closed) return RTC_ERR_FAILURE;
  let native: Track;
  try {
    native = entry.native.addTrack(media);
  } catch {
    return RTC_ERR_FAILURE;
  }
  entry.negotiationNeeded = true;
  return (adoptTrack(entry, native, media) as ChannelEntry).id;
}

/**
 * Adds a track from an SDP media description (an `audio` or `video` m-line, its `m=` prefix
 * optional, then its attributes, including `a=mid:`), read by libdatachannel's own rules.
 * RTC_ERR_INVALID for a malformed m-line or no `a=mid:`, RTC_ERR_NOT_AVAIL for another media
 * type. Negotiate it with rtcSetLocalDescription.
 *
 * @example
 * ```ts
 * import { rtcAddTrack, rtcSetLocalDescription } from '@rxdc/capi-compat';
 * const tr = rtcAddTrack(pc, 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:video\r\na=sendrecv\r\na=rtpmap:96 H264/90000\r\n');
 * rtcSetLocalDescription(pc, null);
 * ```
 */
export function rtcAddTrack(pc: number, mediaDescriptionSdp: string): number {
  if (typeof mediaDescriptionSdp !== 'string')
    return peerEntry(pc) ? RTC_ERR_INVALID : RTC_ERR_INVALID;
  return addMedia(pc, () => parseMedia(mediaDescriptionSdp));
}

/** rtcCodec values: the media kind and the codec name libdatachannel's addXxxCodec writes. */
const CODECS: Record<number, { kind: 'audio' | 'video'; name: string }> = {
  0: { kind: 'video', name: 'H264' },
  1: { kind: 'video', name: 'VP8' },
  2: { kind: 'video', name: 'VP9' },
  3: { kind: 'video', name: 'H265' },
  4: { kind: 'video', name: 'AV1' },
  128: { kind: 'audio', name: 'opus' },
  129: { kind: 'audio', name: 'PCMU' },
  130: { kind: 'audio', name: 'PCMA' },
  131: { kind: 'audio', name: 'MP4A-LATM' },
  132: { kind: 'audio', name: 'G722' },
};
const DIRECTION_NAMES: Direction[] = ['Unknown', 'SendOnly', 'RecvOnly', 'SendRecv', 'Inactive'];

function optionalString(value: unknown): string | undefined | false {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && !/[\r\n\0]/.test(value) ? value : false;
}

/**
 * Builds the media description of an rtcTrackInit exactly as libdatachannel's rtcAddTrackEx
 * does, with node-datachannel's own Description classes: the codec through addVideoCodec /
 * addAudioCodec (the same rtpmap, feedback and fmtp lines; the profile as the fmtp, none when
 * it is null, `cpresent=1` for AAC), and the SSRC always (0 included) with its CNAME (name),
 * MSID and track id lines.
 */
function buildTrackInit(i: Record<string, unknown>): Video | Audio | number {
  const codec = CODECS[(i.codec as number) ?? 0];
  const direction = i.direction ?? 0;
  const pt = i.payloadType ?? 0;
  const ssrc = i.ssrc ?? 0;
  if (!codec || !isInt(direction) || direction < 0 || direction > 4) return RTC_ERR_INVALID;
  if (!isInt(pt) || pt < 0 || pt > 127) return RTC_ERR_INVALID;
  if (typeof ssrc !== 'number' || !Number.isInteger(ssrc) || ssrc < 0 || ssrc > 4294967295)
    return RTC_ERR_INVALID;
  const mid = optionalString(i.mid);
  const name = optionalString(i.name);
  const msid = optionalString(i.msid);
  const trackId = optionalString(i.trackId);
  const profile = optionalString(i.profile);
  if (mid === false || name === false || msid === false || trackId === false || profile === false)
    return RTC_ERR_INVALID;
  // libdatachannel names a missing mid after the codec, and G722 (missing from its switch) "video".
  const defaultMid = codec.kind === 'audio' && codec.name !== 'G722' ? 'audio' : 'video';
  const dir = DIRECTION_NAMES[direction]!;
  let media: Video | Audio;
  if (codec.kind === 'video') {
    const video = new Video(mid ?? defaultMid, dir);
    if (profile !== undefined) video.addVideoCodec(pt, codec.name, profile);
    else video.addVideoCodec(pt, codec.name);
    media = video;
  } else {
    const audio = new Audio(mid ?? defaultMid, dir);
    const fmtp = codec.name === 'MP4A-LATM' ? (profile ?? 'cpresent=1') : profile;
    if (fmtp !== undefined) audio.addAudioCodec(pt, codec.name, fmtp);
    else audio.addAudioCodec(pt, codec.name);
    media = audio;
  }
  if (name !== undefined && msid !== undefined) media.addSSRC(ssrc, name, msid, trackId ?? msid);
  else if (name !== undefined) media.addSSRC(ssrc, name);
  else {
    // node-datachannel cannot pass a missing name before an msid: write the lines addSSRC writes.
    media.addSSRC(ssrc);
    if (msid !== undefined) {
      media.parseSdpLine(`a=ssrc:${ssrc} msid:${msid} ${trackId ?? msid}`);
      media.parseSdpLine(`a=msid:${msid} ${trackId ?? msid}`);
    }
  }
  return media;
}

/**
 * Adds a track from an `rtcTrackInit`, built as libdatachannel builds it: codec (with its
 * payload type, and `profile` as its format parameters), direction, mid (`"video"` or
 * `"audio"` when missing), SSRC with CNAME (`name`), MSID and track id. RTC_ERR_INVALID for an
 * unknown codec or direction, a payload type outside 0-127, an SSRC outside 32 bits, or a
 * string with a line break.
 *
 * @example
 * ```ts
 * import { RTC_CODEC_H264, RTC_DIRECTION_SENDONLY, rtcAddTrackEx } from '@rxdc/capi-compat';
 * const tr = rtcAddTrackEx(pc, {
 *   direction: RTC_DIRECTION_SENDONLY, codec: RTC_CODEC_H264, payloadType: 96, ssrc: 42,
 *   mid: 'video', name: 'cam', msid: 'stream', trackId: 'video',
 *   profile: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
 * });
 * ```
 */
export function rtcAddTrackEx(pc: number, init: rtcTrackInit): number {
  if (init === null || typeof init !== 'object') return RTC_ERR_INVALID;
  return addMedia(pc, () => buildTrackInit(init as Record<string, unknown>));
}

/**
 * Deletes a track: closes it (closed fires synchronously, once) and frees the id.
 *
 * @example
 * ```ts
 * import { rtcDeleteTrack } from '@rxdc/capi-compat';
 * rtcDeleteTrack(tr);
 * ```
 */
export function rtcDeleteTrack(tr: number): number {
  const entry = trackEntry(tr);
  if (!entry) return RTC_ERR_INVALID;
  deleteChannel(entry, 'sync');
  return RTC_ERR_SUCCESS;
}

function mediaSection(sdp: string | null | undefined, mid: string): string | undefined {
  if (!sdp) return undefined;
  const sections = sdp.split(/\r?\n(?=m=)/);
  for (const section of sections.slice(1)) {
    if (
      new RegExp(`^a=mid:${mid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm').test(section)
    ) {
      return `${section.replace(/\r?\n/g, '\r\n').replace(/(\r\n)*$/, '')}\r\n`;
    }
  }
  return undefined;
}

function peerSdp(pcId: number, which: 'local' | 'remote'): string | null {
  const pc = peerEntry(pcId);
  if (!pc) return null;
  if (pc.closed) return pc.snapshot[which]?.sdp ?? null;
  const desc = tryRead(() =>
    which === 'local' ? pc.lifetime.localDescription() : pc.native.remoteDescription(),
  );
  return desc?.sdp ?? null;
}

/**
 * The track's description: its section of the negotiated SDP, else the one it was added with.
 * @internal
 */
export function trackDescription(entry: ChannelEntry): string | undefined {
  const fromLocal = mediaSection(peerSdp(entry.pcId, 'local'), entry.mid);
  if (fromLocal) return fromLocal;
  if (entry.media) return tryRead(() => entry.media?.generateSdp('\r\n', '0.0.0.0', 9));
  return mediaSection(peerSdp(entry.pcId, 'remote'), entry.mid);
}

/**
 * Copies the SDP media description of the track into `buffer` (its section of the local
 * description once negotiated).
 *
 * @example
 * ```ts
 * import { readCString, rtcGetTrackDescription } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(4096);
 * if (rtcGetTrackDescription(tr, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetTrackDescription(tr: number, buffer: CharBuffer, size: number): number {
  const entry = trackEntry(tr);
  if (!entry || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  const description = trackDescription(entry);
  if (description === undefined) return RTC_ERR_NOT_AVAIL;
  return copyString(description, buffer, size);
}

/**
 * Copies the mid of the track into `buffer`.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetTrackMid } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(64);
 * if (rtcGetTrackMid(tr, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetTrackMid(tr: number, buffer: CharBuffer, size: number): number {
  const entry = trackEntry(tr);
  if (!entry || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  return copyString(entry.mid, buffer, size);
}

/**
 * Writes the track direction (RTC_DIRECTION_*) into `direction[0]`.
 *
 * @example
 * ```ts
 * import { RTC_DIRECTION_SENDRECV, rtcGetTrackDirection } from '@rxdc/capi-compat';
 * const direction = Int32Array.of(0);
 * if (rtcGetTrackDirection(tr, direction) === 0 && direction[0] === RTC_DIRECTION_SENDRECV) console.log('both ways');
 * ```
 */
export function rtcGetTrackDirection(tr: number, direction: IntPointer): number {
  const entry = trackEntry(tr);
  if (!entry || !isIntPointer(direction)) return RTC_ERR_INVALID;
  if (!entry.closedSeen) refreshCache(entry);
  direction[0] = DIRECTIONS[entry.direction] ?? 0;
  return RTC_ERR_SUCCESS;
}

/**
 * Runs a keyframe or bitrate request through @rxdc/native's one rule and answers as
 * libdatachannel's C API does: RTC_ERR_SUCCESS when the request ran (sent, or no handler in
 * the chain sends it), RTC_ERR_FAILURE when a handler would send it on a track that is not open
 * (libdatachannel throws "Track is not open"; node-datachannel would abort the process) or the
 * track is closed.
 */
function mediaRequest(
  entry: Extract<ChannelEntry, { kind: 'tr' }>,
  request: (media: TrackMedia) => boolean,
  sendsOnlyForVideo: boolean,
): number {
  try {
    request(entry.lifetime.media);
    return RTC_ERR_SUCCESS;
  } catch (error) {
    if (!(error instanceof RtcError) || error.code !== 'NOT_OPEN') return RTC_ERR_FAILURE;
    const sends = entry.lifetime.media.handlers.includes('rtcp-receiving-session');
    const video = tryRead(() => entry.native.type()) === 'video';
    return sends && (video || !sendsOnlyForVideo) ? RTC_ERR_FAILURE : RTC_ERR_SUCCESS;
  }
}

/**
 * Asks the remote sender for a keyframe (an RTCP PLI, sent by a chained RTCP receiving session
 * on a video track; without one, nothing is sent and the call still succeeds, as in C).
 * RTC_ERR_FAILURE when the session would send it on a track that is not open, or after close.
 *
 * @example
 * ```ts
 * import { rtcChainRtcpReceivingSession, rtcRequestKeyframe } from '@rxdc/capi-compat';
 * rtcChainRtcpReceivingSession(tr);
 * rtcRequestKeyframe(tr);
 * ```
 */
export function rtcRequestKeyframe(tr: number): number {
  const entry = trackEntry(tr);
  if (!entry) return RTC_ERR_INVALID;
  return mediaRequest(entry, (media) => media.requestKeyframe(), true);
}

/**
 * Asks the remote sender for a bitrate (an RTCP REMB), in bits per second; same rules as
 * rtcRequestKeyframe, for audio and video tracks. RTC_ERR_INVALID for a bitrate that is not an
 * unsigned 32-bit whole number.
 *
 * @example
 * ```ts
 * import { rtcRequestBitrate } from '@rxdc/capi-compat';
 * rtcRequestBitrate(tr, 500_000);
 * ```
 */
export function rtcRequestBitrate(tr: number, bitrate: number): number {
  const entry = trackEntry(tr);
  if (
    !entry ||
    typeof bitrate !== 'number' ||
    !Number.isInteger(bitrate) ||
    bitrate < 0 ||
    bitrate > 4294967295
  ) {
    return RTC_ERR_INVALID;
  }
  return mediaRequest(entry, (media) => media.requestBitrate(bitrate), false);
}
