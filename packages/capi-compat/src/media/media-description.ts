// rtc.h's SDP queries on media: payload types of a codec, SSRCs and CNAMEs of a track, and the
// SSRC helpers that read or rewrite a whole SDP. libdatachannel answers them from its parsed
// Description; here the same answers come from the SDP text (the track's description as
// rtcGetTrackDescription gives it), so they work on node-datachannel 0.33.
import { type CharBuffer, copyString, isBufferArg, isInt } from '../buffers.js';
import { RTC_ERR_INVALID, RTC_ERR_TOO_SMALL } from '../constants.js';
import { trackEntry } from '../handles.js';
import { trackDescription } from './track.js';

/**
 * `rtcSsrcForTypeInit` of rtcSetSsrcForType: the SSRC to add and its optional names.
 *
 * @example
 * ```ts
 * import { type rtcSsrcForTypeInit } from '@rxdc/capi-compat';
 * const init: rtcSsrcForTypeInit = { ssrc: 42, name: 'video-cname', msid: 'stream1', trackId: 'video1' };
 * ```
 */
export interface rtcSsrcForTypeInit {
  /** The SSRC to add (unsigned 32-bit). */
  ssrc: number;
  /** Optional: its CNAME (`a=ssrc:<ssrc> cname:<name>`); without it a bare `a=ssrc:<ssrc>` line. */
  name?: string | null;
  /** Optional: its media stream id (`a=ssrc:<ssrc> msid:<msid> <trackId>` and `a=msid:`). */
  msid?: string | null;
  /** Optional: the track id used in the MSID; missing means the same as `msid`. */
  trackId?: string | null;
}

interface MediaSection {
  type: string;
  lines: string[];
}

/** Splits an SDP into its session part and its media sections (lines without CR/LF). */
function splitSdp(sdp: string): { session: string[]; media: MediaSection[] } {
  const session: string[] = [];
  const media: MediaSection[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.length === 0) continue;
    if (line.startsWith('m=')) {
      media.push({ type: (line.slice(2).split(' ')[0] ?? '').toLowerCase(), lines: [line] });
    } else if (media.length > 0) media[media.length - 1]!.lines.push(line);
    else session.push(line);
  }
  return { session, media };
}

/** SSRCs of a media section in order of first appearance (libdatachannel's getSSRCs). */
function ssrcsOf(lines: readonly string[]): number[] {
  const out: number[] = [];
  for (const line of lines) {
    const m = /^a=ssrc:(\d+)/.exec(line);
    if (!m) continue;
    const ssrc = Number(m[1]);
    if (ssrc <= 4294967295 && !out.includes(ssrc)) out.push(ssrc);
  }
  return out;
}

/** Copies numbers into an int/uint32 out-array with C's rule (null: the count). */
function copyNumbers(
  values: readonly number[],
  buffer: unknown,
  size: unknown,
  kind: typeof Int32Array | typeof Uint32Array,
): number {
  if (buffer === null || buffer === undefined) return values.length;
  if (!(buffer instanceof kind) || !isInt(size) || size < 0 || size > buffer.length)
    return RTC_ERR_INVALID;
  if (size < values.length) return RTC_ERR_TOO_SMALL;
  buffer.set(values, 0);
  return values.length;
}

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 4294967295;
}

function trackLines(tr: unknown): string[] | undefined {
  const entry = trackEntry(tr);
  if (!entry) return undefined;
  const description = trackDescription(entry);
  return description === undefined ? [] : description.split(/\r?\n/);
}

/**
 * Writes the payload types the track's description maps to `codec` (its rtpmap name, compared
 * without case: `"H264"`, `"opus"`...) into `buffer` (an `Int32Array`, `int *` in C), in
 * ascending order. Returns their count; with a `null` buffer only the count; RTC_ERR_TOO_SMALL
 * if `size` is smaller than the count.
 *
 * @example
 * ```ts
 * import { rtcGetTrackPayloadTypesForCodec } from '@rxdc/capi-compat';
 * const count = rtcGetTrackPayloadTypesForCodec(tr, 'h264', null, 0);
 * const types = new Int32Array(Math.max(count, 0));
 * rtcGetTrackPayloadTypesForCodec(tr, 'h264', types, types.length);
 * ```
 */
export function rtcGetTrackPayloadTypesForCodec(
  tr: number,
  codec: string,
  buffer: Int32Array | null,
  size: number,
): number {
  const lines = trackLines(tr);
  if (lines === undefined || typeof codec !== 'string') return RTC_ERR_INVALID;
  const wanted = codec.toLowerCase();
  const types = new Set<number>();
  for (const line of lines) {
    const m = /^a=rtpmap:(\d+) ([^/\s]+)/.exec(line);
    if (m && m[2]!.toLowerCase() === wanted) types.add(Number(m[1]));
  }
  return copyNumbers(
    [...types].sort((x, y) => x - y),
    buffer,
    size,
    Int32Array,
  );
}

/**
 * Writes the SSRCs of the track's description (its `a=ssrc:` lines, in order) into `buffer`
 * (a `Uint32Array`, `uint32_t *` in C). Returns their count; with a `null` buffer only the
 * count; RTC_ERR_TOO_SMALL if `count` is smaller. A remote track's description is the local
 * answer for it, which carries the local SSRCs (usually none), as in libdatachannel.
 *
 * @example
 * ```ts
 * import { rtcGetSsrcsForTrack } from '@rxdc/capi-compat';
 * const ssrcs = new Uint32Array(8);
 * const n = rtcGetSsrcsForTrack(tr, ssrcs, ssrcs.length);
 * if (n > 0) console.log('first ssrc', ssrcs[0]);
 * ```
 */
export function rtcGetSsrcsForTrack(tr: number, buffer: Uint32Array | null, count: number): number {
  const lines = trackLines(tr);
  if (lines === undefined) return RTC_ERR_INVALID;
  return copyNumbers(ssrcsOf(lines), buffer, count, Uint32Array);
}

/**
 * Copies the CNAME of `ssrc` in the track's description into `cname` (NUL-terminated, C size
 * rules). Returns 0 when the description has no CNAME for that SSRC, as libdatachannel does.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetCNameForSsrc } from '@rxdc/capi-compat';
 * const cname = new Uint8Array(64);
 * if (rtcGetCNameForSsrc(tr, 42, cname, cname.length) > 0) console.log(readCString(cname));
 * ```
 */
export function rtcGetCNameForSsrc(
  tr: number,
  ssrc: number,
  cname: CharBuffer,
  cnameSize: number,
): number {
  const lines = trackLines(tr);
  if (lines === undefined || !isUint32(ssrc) || !isBufferArg(cname, cnameSize))
    return RTC_ERR_INVALID;
  const prefix = `a=ssrc:${ssrc} cname:`;
  const line = lines.find((l) => l.startsWith(prefix));
  if (line === undefined) return 0;
  return copyString(line.slice(prefix.length).trim(), cname, cnameSize);
}

/**
 * Writes the SSRCs of the first media section of type `mediaType` (`"video"`, `"audio"`,
 * compared without case) of `sdp` into `buffer` (a `Uint32Array`). Returns their count (0 if
 * there is no such section); with a `null` buffer only the count; RTC_ERR_TOO_SMALL if
 * `bufferSize` is smaller.
 *
 * @example
 * ```ts
 * import { rtcGetSsrcsForType } from '@rxdc/capi-compat';
 * const ssrcs = new Uint32Array(4);
 * const n = rtcGetSsrcsForType('video', remoteSdp, ssrcs, ssrcs.length);
 * ```
 */
export function rtcGetSsrcsForType(
  mediaType: string,
  sdp: string,
  buffer: Uint32Array | null,
  bufferSize: number,
): number {
  if (typeof mediaType !== 'string' || typeof sdp !== 'string') return RTC_ERR_INVALID;
  const section = splitSdp(sdp).media.find((m) => m.type === mediaType.toLowerCase());
  if (!section) return 0;
  return copyNumbers(ssrcsOf(section.lines), buffer, bufferSize, Uint32Array);
}

/**
 * Adds an SSRC (with its optional CNAME and MSID lines) to the first media section of type
 * `mediaType` of `sdp`, and copies the resulting SDP into `buffer` (NUL-terminated, C size
 * rules: `null` returns the size needed). An SDP without such a section is copied unchanged.
 * Lines end with CRLF; the rest of the SDP is kept as written (libdatachannel would also
 * reorder it).
 *
 * @example
 * ```ts
 * import { readCString, rtcSetSsrcForType } from '@rxdc/capi-compat';
 * const init = { ssrc: 42, name: 'cam' };
 * const needed = rtcSetSsrcForType('video', sdp, null, 0, init);
 * const buffer = new Uint8Array(needed);
 * rtcSetSsrcForType('video', sdp, buffer, buffer.length, init);
 * const withSsrc = readCString(buffer);
 * ```
 */
export function rtcSetSsrcForType(
  mediaType: string,
  sdp: string,
  buffer: CharBuffer,
  bufferSize: number,
  init: rtcSsrcForTypeInit,
): number {
  if (typeof mediaType !== 'string' || typeof sdp !== 'string') return RTC_ERR_INVALID;
  if (init === null || typeof init !== 'object' || !isUint32(init.ssrc)) return RTC_ERR_INVALID;
  const names = [init.name, init.msid, init.trackId];
  if (
    names.some((v) => v !== undefined && v !== null && (typeof v !== 'string' || /[\r\n]/.test(v)))
  )
    return RTC_ERR_INVALID;
  if (!isBufferArg(buffer, bufferSize)) return RTC_ERR_INVALID;
  const { session, media } = splitSdp(sdp);
  const section = media.find((m) => m.type === mediaType.toLowerCase());
  if (section) {
    const { ssrc } = init;
    section.lines.push(
      typeof init.name === 'string' ? `a=ssrc:${ssrc} cname:${init.name}` : `a=ssrc:${ssrc}`,
    );
    if (typeof init.msid === 'string') {
      const trackId = typeof init.trackId === 'string' ? init.trackId : init.msid;
      section.lines.push(`a=ssrc:${ssrc} msid:${init.msid} ${trackId}`);
      section.lines.push(`a=msid:${init.msid} ${trackId}`);
    }
  }
  const lines = [...session, ...media.flatMap((m) => m.lines)];
  return copyString(`${lines.join('\r\n')}\r\n`, buffer, bufferSize);
}
