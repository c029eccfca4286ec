import { RtcError } from '../errors/rtc-error.js';
import type { NalSeparator, PacketizerInit } from './media-handler-init.js';
import { isRtcp } from './rtp-header.js';

/**
 * The largest frame a packetizer takes, in bytes (16 MiB). libdatachannel packetizes a frame
 * synchronously into packets held in memory at once (a 20 MiB frame measured 17,218 packets and
 * 130 MB of RSS); a 4K key frame is a few MiB, so a larger one is a mistake, not video.
 *
 * @example
 * ```ts
 * import { MAX_MEDIA_FRAME_SIZE } from '@rxdc/native';
 * const fits = (frame: Uint8Array) => frame.byteLength <= MAX_MEDIA_FRAME_SIZE;
 * ```
 */
export const MAX_MEDIA_FRAME_SIZE = 16 * 1024 * 1024;

/** An RTP header without CSRCs or extensions. */
const RTP_HEADER_SIZE = 12;
/** The playout-delay extension: a 4-byte extension header and one 4-byte element. */
const PLAYOUT_DELAY_EXTENSION_SIZE = 8;
/** The smallest RTCP packet (a header and the sender SSRC). */
const RTCP_MIN_SIZE = 8;

function invalidFrame(reason: string): RtcError {
  return new RtcError('INVALID_ARGUMENT', `malformed frame: ${reason}`);
}

/**
 * Checks the NAL units of an H.264/H.265 frame the way libdatachannel splits them
 * (`H264RtpPacketizer::splitFrame`), which drops a malformed frame silently (nothing is sent)
 * or sends an empty RTP packet for it.
 */
function checkNalUnits(frame: Uint8Array, separator: NalSeparator): void {
  if (separator === 'Length') {
    let index = 0;
    while (index < frame.length) {
      if (index + 4 >= frame.length)
        throw invalidFrame(`a NAL unit length at byte ${index} has no unit after it`);
      const length =
        ((frame[index]! << 24) |
          (frame[index + 1]! << 16) |
          (frame[index + 2]! << 8) |
          frame[index + 3]!) >>>
        0;
      if (length === 0) throw invalidFrame(`an empty NAL unit at byte ${index}`);
      if (index + 4 + length > frame.length) {
        throw invalidFrame(
          `the NAL unit at byte ${index} claims ${length} bytes, ${frame.length - index - 4} are left ` +
            '(is it Annex-B? then use a start-sequence separator)',
        );
      }
      index += 4 + length;
    }
    return;
  }
  const long = frame[0] === 0 && frame[1] === 0 && frame[2] === 0 && frame[3] === 1;
  const short = frame[0] === 0 && frame[1] === 0 && frame[2] === 1;
  const ok =
    separator === 'LongStartSequence'
      ? long
      : separator === 'ShortStartSequence'
        ? short
        : long || short;
  if (!ok) {
    throw invalidFrame(
      `an Annex-B frame (${separator}) must start with a start code ` +
        `(${separator === 'ShortStartSequence' ? '00 00 01' : separator === 'LongStartSequence' ? '00 00 00 01' : '00 00 01 or 00 00 00 01'})`,
    );
  }
  if (frame.length <= (long ? 4 : 3)) throw invalidFrame('no NAL unit after the start code');
}

/**
 * Checks a frame for the track's packetizer before node-datachannel sees it: never empty, at
 * most {@link MAX_MEDIA_FRAME_SIZE} bytes, well-formed NAL units for H.264/H.265, and for the
 * one-packet-per-frame `rtp` packetizer small enough for one packet of `maxMessageSize`.
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` for a malformed frame, `MESSAGE_TOO_LARGE` for
 * one over its limit.
 * @internal
 */
export function checkFrame(
  frame: Uint8Array,
  packetizer: PacketizerInit,
  maxMessageSize: number,
): void {
  if (frame.byteLength === 0) throw invalidFrame('it is empty');
  if (packetizer.type === 'rtp') {
    const limit =
      maxMessageSize -
      RTP_HEADER_SIZE -
      ((packetizer.rtp.playoutDelayId ?? 0) > 0 ? PLAYOUT_DELAY_EXTENSION_SIZE : 0);
    if (frame.byteLength > limit) {
      throw new RtcError(
        'MESSAGE_TOO_LARGE',
        `a frame of ${frame.byteLength} bytes does not fit the one RTP packet this packetizer sends ` +
          `(at most ${limit} bytes): encode smaller frames`,
      );
    }
    return;
  }
  if (frame.byteLength > MAX_MEDIA_FRAME_SIZE) {
    throw new RtcError(
      'MESSAGE_TOO_LARGE',
      `a frame of ${frame.byteLength} bytes is over the ${MAX_MEDIA_FRAME_SIZE}-byte limit of a media frame`,
    );
  }
  if (packetizer.type === 'h264' || packetizer.type === 'h265')
    checkNalUnits(frame, packetizer.separator ?? 'Length');
}

/**
 * Checks a packet sent on a track without a packetizer: an RTP (at least 12 bytes) or RTCP
 * (at least 8 bytes) packet of version 2, at most `maxMessageSize` bytes. node-datachannel sends
 * a larger packet and the receiver drops it (nothing arrives, no error), and a shorter one
 * fails SRTP.
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` for a packet that is not RTP/RTCP,
 * `MESSAGE_TOO_LARGE` for one over `maxMessageSize`.
 * @internal
 */
export function checkRawPacket(packet: Uint8Array, maxMessageSize: number): void {
  if (packet.byteLength > maxMessageSize) {
    throw new RtcError(
      'MESSAGE_TOO_LARGE',
      `an RTP/RTCP packet of ${packet.byteLength} bytes is over the track's maxMessageSize of ` +
        `${maxMessageSize}: set a packetizer to send frames, or send smaller packets`,
    );
  }
  const rtcp = isRtcp(packet);
  if (packet.byteLength < (rtcp ? RTCP_MIN_SIZE : RTP_HEADER_SIZE) || packet[0]! >> 6 !== 2) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      'a track without a packetizer sends RTP or RTCP packets (version 2, at least 12 or 8 ' +
        'bytes): set a packetizer to send frames',
    );
  }
}
