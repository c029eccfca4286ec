import {
  type NativeRtpPacketizationConfig,
  NativeRtpPacketizationConfigClass,
} from '../binding.js';
import { RtcError } from '../errors/rtc-error.js';

/**
 * The RTP settings of a packetizer (libdatachannel's `RtpPacketizationConfig`): who sends
 * (SSRC, CNAME), what (payload type), and at which clock rate the RTP timestamps run.
 *
 * The first sequence number and timestamp are random, as RFC 3550 asks; `timestamp` sets the
 * RTP timestamp of the next frame. node-datachannel 0.33 cannot set the first sequence number.
 *
 * @example
 * ```ts
 * import type { RtpConfigInit } from '@rxdc/native';
 * const video: RtpConfigInit = { ssrc: 42, cname: 'camera', payloadType: 96, clockRate: 90_000 };
 * ```
 */
export interface RtpConfigInit {
  /** The RTP SSRC of the stream (unsigned 32-bit). */
  readonly ssrc: number;
  /** The CNAME sent in RTCP sender reports. */
  readonly cname: string;
  /** The RTP payload type (0-127), as negotiated for the codec. */
  readonly payloadType: number;
  /** The RTP clock rate in Hz: 90000 for video, 48000 for Opus, 8000 for PCMU/PCMA/G722. */
  readonly clockRate: number;
  /** The RTP timestamp of the first frame (unsigned 32-bit); random when missing. */
  readonly timestamp?: number;
  /** The id of the playout-delay header extension (0-14; 0, the default, sends none). */
  readonly playoutDelayId?: number;
  /** The minimum playout delay, in 10 ms units (0-4095). */
  readonly playoutDelayMin?: number;
  /** The maximum playout delay, in 10 ms units (0-4095). */
  readonly playoutDelayMax?: number;
}

const UINT32_MAX = 0xffff_ffff;

function requireInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `RTP config: ${name} must be a whole number from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Checks an {@link RtpConfigInit} and builds node-datachannel's native config from it.
 * node-datachannel casts numbers silently (a payload type of 300 becomes 44, a clock rate of 0
 * divides by zero in libdatachannel), so every field is checked here first.
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` for a field out of range or of the wrong type.
 * @internal
 */
export function createRtpConfig(init: RtpConfigInit): NativeRtpPacketizationConfig {
  if (init === null || typeof init !== 'object') {
    throw new RtcError('INVALID_ARGUMENT', 'RTP config: expected an object (ssrc, cname, ...)');
  }
  const ssrc = requireInteger('ssrc', init.ssrc, 0, UINT32_MAX);
  if (typeof init.cname !== 'string' || init.cname.includes('\0')) {
    throw new RtcError('INVALID_ARGUMENT', 'RTP config: cname must be a string without NUL');
  }
  // An RTCP SDES item holds at most 255 bytes: libdatachannel would cut a longer CNAME.
  if (Buffer.byteLength(init.cname) > 255) {
    throw new RtcError('INVALID_ARGUMENT', 'RTP config: cname must be at most 255 UTF-8 bytes');
  }
  const payloadType = requireInteger('payloadType', init.payloadType, 0, 127);
  const clockRate = requireInteger('clockRate', init.clockRate, 1, UINT32_MAX);
  const config = new NativeRtpPacketizationConfigClass(ssrc, init.cname, payloadType, clockRate);
  if (init.timestamp !== undefined)
    config.timestamp = requireInteger('timestamp', init.timestamp, 0, UINT32_MAX);
  if (init.playoutDelayId !== undefined)
    config.playoutDelayId = requireInteger('playoutDelayId', init.playoutDelayId, 0, 14);
  if (init.playoutDelayMin !== undefined)
    config.playoutDelayMin = requireInteger('playoutDelayMin', init.playoutDelayMin, 0, 4095);
  if (init.playoutDelayMax !== undefined)
    config.playoutDelayMax = requireInteger('playoutDelayMax', init.playoutDelayMax, 0, 4095);
  return config;
}

/**
 * Converts seconds to RTP timestamp units at `clockRate`, as libdatachannel does
 * (`RtpPacketizationConfig::getTimestampFromSeconds`): rounded, then wrapped to 32 bits.
 *
 * @example
 * ```ts
 * import { secondsToRtpTimestamp } from '@rxdc/native';
 * secondsToRtpTimestamp(1.5, 90_000); // 135000
 * ```
 */
export function secondsToRtpTimestamp(seconds: number, clockRate: number): number {
  const exact = seconds * clockRate;
  // C's round(): halves go away from zero (Math.round sends -0.5 up to -0).
  const units = Math.sign(exact) * Math.round(Math.abs(exact));
  // C's uint32_t(int64_t(x)): wraps modulo 2^32 (a negative time wraps too).
  return Number(BigInt.asUintN(32, BigInt(Number.isFinite(units) ? units : 0)));
}

/**
 * Converts RTP timestamp units at `clockRate` to seconds, as libdatachannel does
 * (`RtpPacketizationConfig::getSecondsFromTimestamp`).
 *
 * @example
 * ```ts
 * import { rtpTimestampToSeconds } from '@rxdc/native';
 * rtpTimestampToSeconds(135_000, 90_000); // 1.5
 * ```
 */
export function rtpTimestampToSeconds(timestamp: number, clockRate: number): number {
  return (timestamp >>> 0) / clockRate;
}
