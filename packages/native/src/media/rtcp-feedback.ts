/**
 * What a compound RTCP packet asks of a sender, read as libdatachannel's `PliHandler` and
 * `RembHandler` read it (node-datachannel exposes neither, so rxdc reads the packets that reach
 * the track): `keyframe` for a PLI (payload-specific feedback, FMT 1) or a FIR (packet type
 * 196); `bitrate` for the first REMB (FMT 15 with the `REMB` identifier), in bits per second.
 *
 * @example
 * ```ts
 * import { readRtcpFeedback } from '@rxdc/native';
 * const pli = Buffer.from([0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2]);
 * readRtcpFeedback(pli); // { keyframe: true, bitrate: undefined }
 * ```
 */
export function readRtcpFeedback(packet: Uint8Array): {
  keyframe: boolean;
  bitrate: number | undefined;
} {
  let keyframe = false;
  let bitrate: number | undefined;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  let offset = 0;
  while (offset + 4 <= packet.byteLength) {
    const count = packet[offset]! & 0x1f;
    const type = packet[offset + 1]!;
    const length = (view.getUint16(offset + 2) + 1) * 4;
    // A packet that claims more than is left ends the walk (RembHandler does the same).
    if (offset + length > packet.byteLength) break;
    if (type === 196 || (type === 206 && count === 1)) keyframe = true;
    if (
      bitrate === undefined &&
      type === 206 &&
      count === 15 &&
      length >= 24 &&
      view.getUint32(offset + 12) === 0x52454d42 // 'REMB'
    ) {
      const word = view.getUint32(offset + 16);
      const exponent = (word >>> 18) & 0x3f;
      const mantissa = word & 0x3ffff;
      // libdatachannel returns an unsigned int: a bitrate past 2^32 - 1 is capped here.
      bitrate = Math.min(mantissa * 2 ** exponent, 0xffff_ffff);
    }
    offset += length;
  }
  return { keyframe, bitrate };
}
